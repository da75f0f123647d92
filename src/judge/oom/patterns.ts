// The memory-sounding errors that are not a lack of memory, and the cheap tests that let long
// logs be scanned fast. The out-of-memory families themselves are in families.ts.

/**
 * A cheap test that a line could be one of the families' messages, so long logs are scanned fast.
 * Words only: an alternative that starts with a digit ("137") makes every number in a log a
 * candidate, and numeric dumps then cost several times as much to scan.
 */
export const OOM_PREFILTER =
  /memory|alloc|oom|kill|exit|exhausted|workspace|paging file|KV cache|signal 9|return code|error\s*1455/i

/**
 * A line saying the run caught the OOM before it and went on: fairseq's "skipping batch",
 * "attempting to recover from OOM", a loop that retries with a smaller batch. Read on the OOM's
 * line and the few after it.
 */
export const CATCH_MARKER =
  /\bskip(?:ping|ped|s)?\b(?:[ \t]+[\w#-]+){0,4}?[ \t]+(?:batch|step|iteration|sample|update)\b|\battempting to recover from (?:an? )?OOM\b|\bOOM\b[^\n]{0,40}\bretry(?:ing)?\b|\bretrying with (?:a )?smaller\b/i

/** How many lines after an OOM a catch marker may come (fairseq prints it on the next line). */
export const CATCH_WINDOW = 3

/** A Python traceback or exception line: after a caught OOM, the run died anyway. */
export const FATAL_LINE = /\bTraceback \(most recent call last\):?\s*$/

/** A line logged at warning level (glog `W1207`, `[W]`, `WARNING`): never the error that ended a run. */
export const WARNING_LEVEL = /\[W\]|\bW\d{4} |\bWARN(?:ING)?\b|: W [\w/.-]+\.(?:cc|cpp|h|py):\d+\]/

/**
 * Errors that mention memory but are not a lack of it. They decide nothing; when no OOM is found,
 * the first of them is the evidence shown for "not-oom".
 */
export const LOOKALIKE_PATTERNS: readonly RegExp[] = [
  /an illegal memory access was encountered/i,
  /misaligned address/i,
  /Memory access fault by GPU node/i,
  /Watchdog caught collective operation timeout/i,
  /out of resource: shared memory/i,
  // TensorFlow's BFC allocator retrying with less workspace, in its own words.
  /The caller indicates that this is not a failure/,
  // TensorRT's builder trying tactics whose workspace does not fit (it skips them and goes on).
  /virtualMemoryBuffer\.cpp::resizePhysical/,
  /Skipping tactic \S+ due to ins?uf+icient memory/,
  /Tactic Device request: .{0,80}Device memory is insufficient/,
  // A Slurm step cancelled at its time limit.
  /\bDUE TO TIME LIMIT\b/,
  /unable to open shared memory object|Too many open files/i,
  /Received message larger than max/i,
  /device-side assert triggered/i,
  /Unrecognized CachingAllocator option/i,
  /INTERNAL ASSERT FAILED/,
  /DataLoader worker \(pid[^)]*\) is killed by signal: (?!Killed\b)/,
  /\bCUBLAS_STATUS_(?!ALLOC_FAILED)[A-Z_]+/,
  /\bCUDNN_STATUS_(?!ALLOC_FAILED|NOT_ENOUGH_WORKSPACE)[A-Z_]+/,
  /unhandled cuda error/i
]

/** A Python exception line (`RuntimeError: ...`, `torch.AcceleratorError: ...`), for not-oom evidence. */
export const EXCEPTION_LINE = /^\s*(?:[A-Za-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception|Failure)\b(?::|\s*$)/

/**
 * A record that someone ended the run: a scheduler's time limit or cancellation, a preemption, a
 * deadline, a timeout's signal, a cancelled CI job. It explains a SIGKILL (`Killed`, exit 137)
 * beside it, so the kill is not taken for the kernel OOM killer's; a message that says memory ran
 * out still decides. Slurm: `*** JOB 123 ON node01 CANCELLED AT ... DUE TO TIME LIMIT ***` (also
 * scancel's and preemption's, and the older `*** JOB 123 CANCELLED AT ... on node ***`);
 * Kubernetes: a Job's DeadlineExceeded, a preemption, an eviction for a resource other than memory;
 * GNU timeout --verbose; torchrun's agent stopped by SIGTERM; GitHub Actions' cancelled job.
 */
export const CANCELLATION_PATTERNS: readonly RegExp[] = [
  /\*\*\* (?:JOB|STEP) [\w.+-]{1,40} (?:ON \S{1,100} )?CANCELLED AT \S{1,40}/,
  /\bReason:\s*(?:DeadlineExceeded|Preempted|Preempting)\b|\bJob was active longer than specified deadline\b/,
  /\bThe node was low on resource: (?!memory\b)[\w-]+/,
  /\btimeout: sending signal \w+ to command\b/,
  /\bSignalException: Process \d+ got signal: (?:15|1|2)\b/,
  /\bThe job running on runner .{0,200} has exceeded the maximum execution time\b|##\[error\]The operation was canceled\b/
]
