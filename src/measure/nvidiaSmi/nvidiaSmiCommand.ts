// Which nvidia-smi the gate runs: OOM_GATE_NVIDIA_SMI (a path) when set, else the first on PATH.
import { ENV } from '../../environment.js'

export function nvidiaSmiCommand(): string {
  return process.env[ENV.nvidiaSmi] || 'nvidia-smi'
}
