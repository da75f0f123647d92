// The kernel log's OOM-killer lines for given pids, from /dev/kmsg (Documentation/ABI/testing/
// dev-kmsg: one record per read, `priority,sequence,microseconds since boot,flags;message`).
// Without a cgroup of its own, a run's kills are attributed by pid: "Out of memory: Killed
// process 1234 (python3)", "Memory cgroup out of memory: Killed process 1234", "oom-kill:...,pid=1234".
import { closeSync, constants, openSync, readFileSync, readSync } from 'node:fs'

const KILLED = /\bKilled process (\d+)\b|\boom-kill:.*\bpid=(\d+)\b/

/** Microseconds since boot now (the kernel log's clock), or null. */
export function uptimeMicros(path = '/proc/uptime'): number | null {
  try {
    const seconds = Number(readFileSync(path, 'utf8').split(' ')[0])
    return Number.isFinite(seconds) ? Math.floor(seconds * 1e6) : null
  } catch {
    return null
  }
}

/** One /dev/kmsg record's time (µs) and message, or null. */
export function parseKmsgRecord(record: string): { atMicros: number; message: string } | null {
  const semi = record.indexOf(';')
  if (semi < 0) return null
  const fields = record.slice(0, semi).split(',')
  const atMicros = Number(fields[2])
  if (!Number.isFinite(atMicros)) return null
  return { atMicros, message: record.slice(semi + 1).split('\n')[0]! }
}

/** Pids the OOM killer named in records at or after `sinceMicros`. */
export function oomKilledPids(records: Iterable<string>, sinceMicros: number): Set<number> {
  const pids = new Set<number>()
  for (const record of records) {
    const parsed = parseKmsgRecord(record)
    if (!parsed || parsed.atMicros < sinceMicros) continue
    const m = KILLED.exec(parsed.message)
    if (m) pids.add(Number(m[1] ?? m[2]))
  }
  return pids
}

/** Every record in the kernel's ring buffer now, or null when /dev/kmsg cannot be read. */
export function readKmsg(path = '/dev/kmsg'): string[] | null {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch {
    return null
  }
  const records: string[] = []
  const buffer = Buffer.alloc(16 * 1024)
  try {
    for (let i = 0; i < 100_000; i++) {
      let n: number
      try {
        n = readSync(fd, buffer, 0, buffer.length, null)
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (code === 'EPIPE') continue // records overwritten while reading: go on from the next
        if (code === 'EAGAIN') break // the end
        return null
      }
      if (n === 0) break
      records.push(buffer.toString('utf8', 0, n))
    }
  } finally {
    closeSync(fd)
  }
  return records
}
