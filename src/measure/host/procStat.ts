// /proc/<pid>/stat, the one file that gives a process's parent, group, session, start time
// and resident pages in a single read (cheap enough to read for every process at 10 Hz).
import { readFileSync } from 'node:fs'

export interface ProcStat {
  pid: number
  state: string
  ppid: number
  pgrp: number
  session: number
  /** Clock ticks after boot: with the pid, identifies a process across PID reuse. */
  startTime: number
  rssPages: number
}

export function parseProcStat(text: string): ProcStat | null {
  // comm (field 2) may contain spaces and parentheses: the fields resume after the last ")".
  const close = text.lastIndexOf(')')
  if (close < 0) return null
  const pid = Number(text.slice(0, text.indexOf(' ')))
  const fields = text.slice(close + 2).split(' ')
  const [state, ppid, pgrp, session] = [fields[0], fields[1], fields[2], fields[3]]
  const startTime = Number(fields[19])
  const rssPages = Number(fields[21])
  if (!state || !Number.isInteger(pid) || !Number.isFinite(startTime) || !Number.isFinite(rssPages))
    return null
  return { pid, state, ppid: Number(ppid), pgrp: Number(pgrp), session: Number(session), startTime, rssPages }
}

export function readProcStat(pid: number, procRoot = '/proc'): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`${procRoot}/${pid}/stat`, 'latin1'))
  } catch {
    return null
  }
}

/** Zombies have exited; they only wait to be reaped and hold no memory. */
export function isRunning(stat: ProcStat | null): stat is ProcStat {
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X' && stat.state !== 'x'
}
