// VmHWM from /proc/<pid>/status: the kernel's own peak of a process's resident memory. Sampling
// summed RSS every 100 ms misses spikes shorter than that; the high-water mark does not.
import { readFileSync } from 'node:fs'

export function readHighWaterMarkBytes(pid: number, procRoot = '/proc'): number | null {
  let text: string
  try {
    text = readFileSync(`${procRoot}/${pid}/status`, 'utf8')
  } catch {
    return null
  }
  const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(text)
  return m ? Number(m[1]) * 1024 : null
}
