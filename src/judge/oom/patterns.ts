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
 * Errors that mention memory but are not a lack of it. They decide nothing; when no OOM is found,
 * the first of them is the evidence shown for "not-oom".
 */
export const LOOKALIKE_PATTERNS: readonly RegExp[] = [
  /an illegal memory access was encountered/i,
  /misaligned address/i,
  /Memory access fault by GPU node/i,
  /Watchdog caught collective operation timeout/i,
  /out of resource: shared memory/i,
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
