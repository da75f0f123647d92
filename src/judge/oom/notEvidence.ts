// Out-of-memory words that are not an out-of-memory error: said at info level, denied ("no out
// of memory conditions detected"), a hint ("to avoid OutOfMemoryError"), a handler being set up
// ("torch.cuda.OutOfMemoryError handler installed"), or followed by the run's own, different error
// (`KeyError: "lr"` as the last record of the log). Read only for a line a family or the fallback
// already matched, so a long log costs nothing more per line.

/**
 * A line logged below warning level: `[INFO]`, `INFO:`, Python logging's ` - INFO - `, loguru's
 * `| INFO |`, glog's `I1207 10:00:00`. Upper case only: "info" in a sentence is a word.
 */
export const INFO_LEVEL = /(?:^|[\s[|(])(?:INFO|DEBUG|TRACE)(?=[\s\]|:)-]|$)|^\s*[ID]\d{4} \d/

// Words just before the match, in its own clause, that deny it or make it a condition or a hint:
// "no out of memory", "without OutOfMemory", "to avoid OutOfMemoryError", "if you run out of memory".
// At most two words between, so "Killed: not enough memory" (the words themselves) is not caught.
const DENIED_BEFORE =
  /(?:^|\W)(?:no|not|non|without|never|zero|0|avoid(?:s|ing|ed)?|prevent(?:s|ing)?|in case of|if|unless)(?:[ \t]+[\w.-]+){0,2}[ \t]+$/i

// A clause ends at these; the words before a clause's end say nothing about what follows it.
const CLAUSE_END = /[.;:(!?,]/

// Right after the match: the name is being wired up, not raised ("OutOfMemoryError handler
// installed"), or asked about ("out of memory? no").
const HANDLER_AFTER = /^\w*[ \t]+(?:handler|hook|callback|listener|guard)s?\b|^[ \t]*\?/i

/**
 * Whether the text matched at [start, end) of `line` is denied, a hint, or a handler's name
 * rather than an error. Bounded look-behind (60 characters), so linear in the line.
 */
export function deniedAt(line: string, start: number, end: number): boolean {
  let from = Math.max(0, start - 60)
  for (let k = start - 1; k >= from; k--) {
    if (CLAUSE_END.test(line[k]!)) {
      from = k + 1
      break
    }
  }
  return DENIED_BEFORE.test(line.slice(from, start)) || HANDLER_AFTER.test(line.slice(end, end + 40))
}

/** Whether `re` (not global) matches `line` only where the match is denied or a hint. */
export function onlyDenied(line: string, re: RegExp): boolean {
  const m = re.exec(line)
  return m !== null && deniedAt(line, m.index, m.index + m[0].length)
}

// The run's own last error record and the type it names: a Python exception line
// (`KeyError: "lr"`, `torch.distributed.DistBackendError: ...`), Java's `Exception in thread "main"
// X` or `Caused by: X`, C++'s `terminate called after throwing an instance of 'X'`.
const PYTHON_RECORD =
  /^\s*((?:[A-Za-z_]\w*\.)*(?:[A-Z]\w*(?:Error|Exception|Failure)|KeyboardInterrupt))\b(?::|\s*$)/
const JAVA_RECORD = /^\s*(?:Exception in thread "[^"]{0,200}"|Caused by:)\s+([\w.$]+)/
const CPP_RECORD = /\bterminate called after throwing an instance of '([^']{1,200})'/

/**
 * Types that wrap another error (its message or an earlier line says what went wrong), so they do
 * not decide on their own: Python's RuntimeError and Exception, torchrun's ChildFailedError,
 * subprocess's CalledProcessError, Ray's task errors, Java's reflection and executor wrappers,
 * C++'s std::runtime_error and c10::Error.
 */
const WRAPPER_TYPE =
  /(?:^|\.)(?:RuntimeError|Exception|BaseException|Error|ChildFailedError|CalledProcessError|ProcessRaisedException|ProcessExitedException|BrokenProcessPool|RayTaskError|RayActorError|RuntimeException|InvocationTargetException|ExecutionException|UndeclaredThrowableException)$|^(?:std::(?:runtime_error|exception)|c10::Error)$/

// A type that is itself out of memory (`java.lang.OutOfMemoryError`, `MemoryError`, `std::bad_alloc`).
const MEMORY_TYPE = /OutOfMemory|MemoryError|bad_alloc|OOM/i

/**
 * The type of the run's own error record on `line` when that type says what went wrong and it is
 * not running out of memory (`KeyError`, `ValueError`, `std::out_of_range`); null for any other
 * line, a wrapper type, or a memory type. Such a record, as the last in a log, decides: words
 * above it are not the run's failure.
 */
export function decisiveNonOomError(line: string): string | null {
  const type = (PYTHON_RECORD.exec(line) ?? JAVA_RECORD.exec(line) ?? CPP_RECORD.exec(line))?.[1]
  if (type === undefined || WRAPPER_TYPE.test(type) || MEMORY_TYPE.test(type)) return null
  return type
}

/** Longest error record quoted in a reason, in characters (the log tail has the rest). */
const RECORD_CHARS = 200

/**
 * The run's last error record among `lines` (a Python exception line `KeyError: 'lr'`, Java's
 * `Exception in thread …`/`Caused by: …`, C++'s `terminate called after throwing …`), trimmed and
 * cut to 200 characters; null when the lines hold none. Scans up from the end: the last record is
 * what ended the run. For the reason of a run that crashed, so that it says why, not only its code.
 */
export function lastErrorRecord(lines: readonly string[]): string | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!
    if (!PYTHON_RECORD.test(line) && !JAVA_RECORD.test(line) && !CPP_RECORD.test(line)) continue
    const text = line.trim()
    return text.length > RECORD_CHARS ? `${text.slice(0, RECORD_CHARS - 1)}…` : text
  }
  return null
}
