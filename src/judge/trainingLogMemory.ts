// The training framework's own peak, read from the run's output: a cross-check of the
// sampled peak that costs the user nothing.
//
// mmengine (every OpenMMLab 2.x repository: Sapiens, mmseg, mmpose, mmdet...) appends
// `memory: <MiB>` to each training log line on rank 0 when CUDA is available:
// LogProcessor.get_log_after_iter -> get_max_cuda_memory(), which is
// `torch.cuda.max_memory_allocated() // 2**20` followed by `torch.cuda.reset_peak_memory_stats()`,
// so each line holds the peak since the previous line and the run's peak is the largest
// (https://github.com/open-mmlab/mmengine/blob/main/mmengine/runner/log_processor.py,
// mmengine/device/utils.py). mmcv 1.x's TextLoggerHook prints `memory: <MiB>, ` the same way
// without the reset. Values are whole MiB rounded down.

export type TrainingLogSource = 'mmengine' | 'mmcv'

export interface TrainingLogMemory {
  /** Largest `memory:` value of the run, in bytes (MiB x 2^20: a lower bound within 1 MiB). */
  peakAllocatedBytes: number
  source: TrainingLogSource
  /** How many log lines carried a value. */
  lines: number
}

const MIB = 2 ** 20

/** Text every line with a value holds (both formats): a line without it has none. */
export const MEMORY_LITERAL = 'memory: '

// mmengine: `... - mmengine - INFO - Epoch(train)  [1][10/20]  lr: ...  memory: 48213  loss: ...`
// or `Iter(train) [ 10/20]  ...`: the mode tag, then the counters, then two-space separated items.
const MMENGINE =
  /\b(?:Epoch|Iter)\((?:train|val|test)\)\s*(?:\[\s*\d+\])?\s*\[\s*\d+\/\d+\].*?\smemory: (\d+)(?=\s|$)/
// The same, searched for in many lines at once: whitespace that may not be a newline where the
// line's own pattern could only meet the line's own characters (`.` stops at a newline anyway,
// and the lookahead may see the newline that ends the line, where the line's `$` matched).
const MMENGINE_IN_LINES =
  /\b(?:Epoch|Iter)\((?:train|val|test)\)[^\S\n]*(?:\[[^\S\n]*\d+\])?[^\S\n]*\[[^\S\n]*\d+\/\d+\].*?[^\S\n]memory: (\d+)(?=\s|$)/g
// mmcv 1.x: `Epoch [1][50/293]\tlr: 5.000e-07, eta: ..., memory: 24462, loss: ...` or `Iter [50/1000]\t...`.
const MMCV = /\b(?:Epoch \[\d+\]\[\d+\/\d+\]|Iter \[\d+\/\d+\])\s.*?\bmemory: (\d+)(?=,|\s*$)/

/**
 * The largest `memory:` value read as MiB: 64 TiB, beyond any one GPU's memory. A larger number
 * is not mmengine's MiB (a custom hook printing bytes, say) and is not read: as MiB it would be
 * more bytes than a results.json number can hold exactly.
 */
export const MAX_TRAINING_LOG_MIB = 2 ** 26

/** The `memory:` value of one log line and its framework, or null when the line has none (or an implausible one). */
export function trainingLogLineMemory(line: string): { mib: number; source: TrainingLogSource } | null {
  // Every output line passes here on the fly; both formats need the literal, which is cheap to find.
  if (!line.includes(MEMORY_LITERAL)) return null
  const engine = MMENGINE.exec(line)
  const legacy = engine ? null : MMCV.exec(line)
  const found = engine
    ? { mib: Number(engine[1]), source: 'mmengine' as const }
    : legacy
      ? { mib: Number(legacy[1]), source: 'mmcv' as const }
      : null
  return found !== null && found.mib <= MAX_TRAINING_LOG_MIB ? found : null
}

/** A tag only mmcv 1.x lines carry: a text without it holds no mmcv value. */
const MMCV_TAG = /Epoch \[|Iter \[/

/**
 * The `memory:` value of each line of `lines` (lines joined by `\n`, none holding a carriage
 * return) that has one, in order, exactly as trainingLogLineMemory reads each line; one search
 * over the whole text, without a string per line, where the text holds no mmcv line.
 */
export function forEachTrainingLogMemory(
  lines: string,
  found: (mib: number, source: TrainingLogSource) => void
): void {
  if (MMCV_TAG.test(lines)) {
    for (const line of lines.split('\n')) {
      const value = trainingLogLineMemory(line)
      if (value) found(value.mib, value.source)
    }
    return
  }
  // The first match in the text is the first match of its line; then on to the next line. test()
  // builds no match array (a chatty run has one such line every 250 bytes): the value is the
  // digits that end where the match ends.
  const pattern = MMENGINE_IN_LINES
  pattern.lastIndex = 0
  while (pattern.test(lines)) {
    // The digits read in place, from the last: a string per value would be one more allocation
    // for every line of a chatty run.
    const end = pattern.lastIndex
    let mib = 0
    for (let at = end - 1, unit = 1; at >= 0 && isDigit(lines.charCodeAt(at)); at--, unit *= 10)
      mib += (lines.charCodeAt(at) - 48) * unit
    if (mib <= MAX_TRAINING_LOG_MIB) found(mib, 'mmengine')
    const newline = lines.indexOf('\n', end)
    if (newline < 0) break
    pattern.lastIndex = newline + 1
  }
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
}

/** Folds one output line into the running result (null: no value seen yet). Pure. */
export function addTrainingLogLine(
  previous: TrainingLogMemory | null,
  line: string
): TrainingLogMemory | null {
  const found = trainingLogLineMemory(line)
  if (found === null) return previous
  const bytes = found.mib * MIB
  if (previous === null) return { peakAllocatedBytes: bytes, source: found.source, lines: 1 }
  return {
    peakAllocatedBytes: Math.max(previous.peakAllocatedBytes, bytes),
    source: previous.source,
    lines: previous.lines + 1
  }
}

/** The largest `memory:` value over a run's output lines, or null when no line has one. */
export function trainingLogMemory(lines: Iterable<string>): TrainingLogMemory | null {
  let result: TrainingLogMemory | null = null
  for (const line of lines) result = addTrainingLogLine(result, line)
  return result
}
