// A training log as lines the OOM patterns can read: colour codes and the prefixes that
// launchers put before each rank's output are removed, progress-bar carriage returns split lines.

// CSI sequences (colours, cursor moves) and OSC sequences (terminal titles, hyperlinks).
// eslint-disable-next-line no-control-regex -- matching escape characters is the point
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g

// Per-line prefixes, possibly stacked: `[80746] [rank0]:` (a wrapper's pid, then torch's rank tag),
// `[default0]:` (torchrun --tee), `0: ` (srun --label), `(train pid=123, ip=10.0.0.1) ` (Ray, and
// vLLM's `(EngineCore_DP0 pid=6880) `), `trainer-1  | ` (docker compose service and replica).
const PREFIX =
  /^(?:\s*\[\d+\]\s+(?=\[(?:rank|default)\d+\]:)|\s*\[(?:rank|default)\d+\]:\s?|\d{1,4}: |\([\w.-]+ pid=\d+(?:, ip=[\d.]+)?\)\s|[\w.-]+[-_]\d+\s+\|\s?)/

function stripAnsi(text: string): string {
  return text.replace(ANSI, '')
}

function stripLinePrefixes(line: string): string {
  let out = line
  for (let next = out.replace(PREFIX, ''); next !== out; next = out.replace(PREFIX, '')) out = next
  return out
}

/**
 * Lines of `text` without colour codes, rank prefixes or NUL characters; `\r` (tqdm redraws) ends a
 * line too. NULs are dropped because UTF-16 output read as UTF-8 (a PowerShell 5 child's stdout, as
 * the run's pipes decode it) is ASCII with a NUL after every letter: without them it reads again.
 */
export function logLines(text: string): string[] {
  return stripAnsi(text.replaceAll('\0', ''))
    .split(/\r\n|\r|\n/)
    .map(stripLinePrefixes)
}
