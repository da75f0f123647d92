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

// mmengine: `... - mmengine - INFO - Epoch(train)  [1][10/20]  lr: ...  memory: 48213  loss: ...`
// or `Iter(train) [ 10/20]  ...`: the mode tag, then the counters, then two-space separated items.
const MMENGINE =
  /\b(?:Epoch|Iter)\((?:train|val|test)\)\s*(?:\[\s*\d+\])?\s*\[\s*\d+\/\d+\].*?\smemory: (\d+)(?=\s|$)/
// mmcv 1.x: `Epoch [1][50/293]\tlr: 5.000e-07, eta: ..., memory: 24462, loss: ...` or `Iter [50/1000]\t...`.
const MMCV = /\b(?:Epoch \[\d+\]\[\d+\/\d+\]|Iter \[\d+\/\d+\])\s.*?\bmemory: (\d+)(?=,|\s*$)/

/** The `memory:` value of one log line and its framework, or null when the line has none. */
export function trainingLogLineMemory(line: string): { mib: number; source: TrainingLogSource } | null {
  // Every output line passes here on the fly; both formats need the literal, which is cheap to find.
  if (!line.includes('memory: ')) return null
  const engine = MMENGINE.exec(line)
  if (engine) return { mib: Number(engine[1]), source: 'mmengine' }
  const legacy = MMCV.exec(line)
  if (legacy) return { mib: Number(legacy[1]), source: 'mmcv' }
  return null
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
