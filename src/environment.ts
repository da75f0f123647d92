// Every OOM_GATE_* environment variable of the gate, in one place (the probe, sitecustomize.py,
// reads the ones marked "to the probe" under the same names). Contract 1 names the two a run sees.

/** Names of the environment variables the gate reads or sets. */
export const ENV = {
  /** To the run (contract 1): the model entry's name. */
  model: 'OOM_GATE_MODEL',
  /** To the run (contract 1): a directory the run may write to; the probe writes its records here. */
  resultDir: 'OOM_GATE_RESULT_DIR',
  /** To the run: a random token that marks the run's processes, so a tree walk finds escaped ones. */
  runToken: 'OOM_GATE_RUN_TOKEN',
  /** To the probe: cap PyTorch per process to this many bytes (emulating a smaller card). */
  capBytes: 'OOM_GATE_CAP_BYTES',
  /** To the probe: its sampling period, ms. */
  probeIntervalMs: 'OOM_GATE_PROBE_INTERVAL_MS',
  /** To the probe: measure.snapshot (off | on-failure | always). */
  snapshot: 'OOM_GATE_SNAPSHOT',
  /** To the probe: the limit it calls at risk, bytes. */
  limitBytes: 'OOM_GATE_LIMIT_BYTES',
  /** Read: the Python with torch to use (else python3, python, /usr/bin/python3). */
  python: 'OOM_GATE_PYTHON',
  /** Read: the nvidia-smi to run (tests put a fake one here). */
  nvidiaSmi: 'OOM_GATE_NVIDIA_SMI',
  /**
   * Read: the directory of the machine-wide GPU leases (default <tmpdir>/oom-gate-leases). A
   * property of the machine, not of a repository: set it in the runner's .env, the same for every
   * runner service that shares the GPUs.
   */
  leaseDir: 'OOM_GATE_LEASE_DIR',
  /** Read: print the stack of an internal error. */
  debug: 'OOM_GATE_DEBUG'
} as const

/**
 * The workflow run's page, `GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID`
 * (GitHub's default variables), where its job summary and artifacts are; null off a runner.
 */
export function workflowRunUrl(env: NodeJS.ProcessEnv): string | null {
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  const repo = env.GITHUB_REPOSITORY
  const run = env.GITHUB_RUN_ID
  if (!repo || !run) return null
  return `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${run}`
}
