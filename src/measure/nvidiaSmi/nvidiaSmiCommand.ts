// Which nvidia-smi the gate runs: OOM_GATE_NVIDIA_SMI (a path) when set, else the first on PATH.
export function nvidiaSmiCommand(): string {
  return process.env.OOM_GATE_NVIDIA_SMI || 'nvidia-smi'
}
