// Whether an nvidia-smi invocation says the runner is broken, and what to do about it. Pure: the
// caller hands over what the process printed, how it ended and whether it was given up on.
// The kinds come from nvidia-smi's documented exit statuses (man nvidia-smi, RETURN VALUE: 6 query
// unsuccessful, 9 driver not loaded, 12 NVML library not found, 14 infoROM corrupted, 15 GPU
// fallen off the bus or inaccessible) and NVML's return codes (18 NVML_ERROR_LIB_RM_VERSION_MISMATCH),
// matched by the message first (a message is printed whatever the status, also inside an -lms loop)
// and by the status only when the message is unknown. Real outputs: test/measure/runnerHealth*.test.ts.
import type { RunnerError, RunnerErrorKind } from '../../results.js'
import { parseComputeAppsLine } from './parseComputeApps.js'
import { parseGpuQueryLine } from './parseGpuQuery.js'

export interface NvidiaSmiRun {
  /** Exit status; null when it was killed or never exited. */
  exitCode: number | null
  stdout: string
  stderr: string
  /** Given up on after timeoutMs without an answer. */
  timedOut: boolean
  timeoutMs?: number
}

export interface NvidiaSmiVerdict {
  /** The runner is broken; null when the output can be used. */
  error: RunnerError | null
  /** Lines nvidia-smi printed as warnings before usable rows (`WARNING: infoROM is corrupted...`). */
  warnings: string[]
}

interface Rule {
  kind: RunnerErrorKind
  /** Matches one line of output. */
  line: RegExp
  /** Exit statuses that mean this kind when no line matches. */
  exitCodes: number[]
  message: (line: string | null) => string
  fix: string
}

const quote = (line: string | null) => (line ? ` ("${line}")` : '')

// Order matters: the first rule with a matching line wins.
const RULES: Rule[] = [
  {
    kind: 'driver-version-mismatch',
    line: /Driver\/library version mismatch/i,
    exitCodes: [18],
    message: line =>
      `the NVIDIA driver loaded in the kernel and its user-space library (NVML) are different versions${quote(line)}; usually a driver update without a reboot`,
    fix: 'reboot the runner, or reload the NVIDIA kernel modules (stop what uses the GPU, `rmmod nvidia_uvm nvidia_drm nvidia_modeset nvidia`, then run nvidia-smi) so the loaded driver matches the installed one'
  },
  {
    kind: 'driver-not-loaded',
    // Any apostrophe: "couldn't", "couldn’t", "couldn‘t" are all seen in the wild.
    line: /couldn.t communicate with the NVIDIA driver/i,
    exitCodes: [9],
    message: line =>
      `nvidia-smi cannot reach the NVIDIA driver${quote(line)}: the kernel module is not loaded`,
    fix: 'install or rebuild the driver for the running kernel (a kernel update without DKMS leaves it unloaded) and reboot; inside a container, start it with the NVIDIA runtime (`--gpus all`)'
  },
  {
    kind: 'gpu-lost',
    line: /Unable to determine the device handle for GPU|fallen off the bus|GPU is lost/i,
    exitCodes: [15],
    message: line =>
      `a GPU stopped answering the driver${quote(line)}: it has fallen off the bus or is otherwise lost (Xid 79)`,
    fix: 'reboot the runner; if it happens again, check the card’s power, cooling and seating (dmesg shows the Xid) and take the runner out of service until it is fixed'
  },
  {
    kind: 'nvml-unknown-error',
    line: /Failed to initialize NVML: Unknown Error/i,
    exitCodes: [],
    message: line =>
      `NVML cannot open the GPU${quote(line)}: in a container this means it lost access to the GPU device files, typically after a \`systemctl daemon-reload\` on the host`,
    fix: 'restart the job’s container; for a lasting fix follow the NVIDIA Container Toolkit’s notice on "Failed to initialize NVML: Unknown Error" (device rules lost on systemd reloads, e.g. use CDI)'
  },
  {
    kind: 'no-devices',
    line: /No devices were found/i,
    exitCodes: [6],
    message: line => `the driver is loaded but sees no GPU${quote(line)}`,
    fix: 'check that the card is present (`lspci | grep -i nvidia`) and dmesg for NVRM errors; inside a container, pass the GPUs to it (`--gpus all`, NVIDIA_VISIBLE_DEVICES)'
  },
  {
    kind: 'nvml-library-missing',
    line: /couldn.t find libnvidia-ml\.so|NVML Shared Library Not Found/i,
    exitCodes: [12],
    message: line => `nvidia-smi cannot load NVML (libnvidia-ml.so)${quote(line)}`,
    fix: 'install the driver’s user-space libraries matching the kernel module; inside a container, start it with the NVIDIA runtime (`--gpus all`) so they are mounted'
  }
]

const WARNING = /^WARNING:/i
/** nvidia-smi's exit status for a corrupted infoROM: a warning, the rows that follow are valid. */
const INFOROM_WARNING_EXIT = 14

/**
 * A CSV row or header of the queries the gate runs: data, never the error. A loop that dies
 * mid-run has printed rows before its last words, and its stdout comes before its stderr.
 */
function isDataLine(line: string): boolean {
  const apps = parseComputeAppsLine(line).kind
  const gpu = parseGpuQueryLine(line).kind
  return apps === 'row' || apps === 'header' || gpu === 'row' || gpu === 'header'
}

function lines(run: NvidiaSmiRun): string[] {
  return `${run.stdout}\n${run.stderr}`
    .split('\n')
    .map(l => l.trim())
    .filter(l => l !== '')
}

/** The rule whose message this one line is, if any: for lines that appear inside an -lms stream. */
export function runnerErrorInLine(line: string): RunnerError | null {
  const text = line.trim()
  const rule = RULES.find(r => r.line.test(text))
  return rule ? { kind: rule.kind, message: rule.message(text), fix: rule.fix, detail: text } : null
}

/**
 * Classifies one nvidia-smi run. A hang (timedOut) is the driver hung; a known message is its
 * kind whatever the exit status; an unknown message with a known exit status is that status's
 * kind; any other non-zero exit quotes the first line that is not a CSV row. Exit 0, and exit 14 (infoROM warning),
 * are not errors: their WARNING lines come back as warnings. Never throws.
 */
export function classifyNvidiaSmi(run: NvidiaSmiRun): NvidiaSmiVerdict {
  const all = lines(run)
  const warnings = all.filter(l => WARNING.test(l))
  const said = all.filter(l => !WARNING.test(l) && !isDataLine(l))
  const detail = (status: string) =>
    `nvidia-smi ${status}${said.length > 0 ? `: ${said.slice(0, 3).join(' | ').slice(0, 400)}` : ''}`
  if (run.timedOut) {
    const within = run.timeoutMs !== undefined ? ` within ${Math.round(run.timeoutMs / 100) / 10}s` : ''
    return {
      warnings,
      error: {
        kind: 'hung',
        message: `nvidia-smi did not answer${within}: the NVIDIA driver is hung (its calls are stuck in the kernel)`,
        fix: 'reboot the runner: processes stuck in the driver cannot be killed; dmesg usually shows the Xid that hung it',
        detail: detail(`gave up after ${run.timeoutMs ?? '?'} ms`)
      }
    }
  }
  const status = `exited with ${run.exitCode ?? 'a signal'}`
  for (const rule of RULES) {
    const line = said.find(l => rule.line.test(l))
    if (line !== undefined) return { warnings, error: { ...pick(rule, line), detail: detail(status) } }
  }
  if (run.exitCode === 0 || run.exitCode === INFOROM_WARNING_EXIT) return { warnings, error: null }
  const byStatus = RULES.find(r => run.exitCode !== null && r.exitCodes.includes(run.exitCode))
  if (byStatus) return { warnings, error: { ...pick(byStatus, said[0] ?? null), detail: detail(status) } }
  const first = said[0] ?? warnings[0] ?? null
  return {
    warnings,
    error: {
      kind: 'nvidia-smi-error',
      message: `nvidia-smi ${status}${first ? `: "${first.slice(0, 200)}"` : all.length > 0 ? ' and printed no error message' : ' and printed nothing'}`,
      fix: 'run nvidia-smi on the runner to see the whole error and repair the driver; to judge host memory instead, set measure.sampler: host',
      detail: detail(status)
    }
  }
}

function pick(rule: Rule, line: string | null): Omit<RunnerError, 'detail'> {
  return { kind: rule.kind, message: rule.message(line), fix: rule.fix }
}
