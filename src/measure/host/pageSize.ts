// The kernel's page size, for turning /proc rss pages into bytes (64 KiB on some arm64 hosts).
import { execFileSync } from 'node:child_process'

let cached: number | null = null

export function pageSize(): number {
  if (cached !== null) return cached
  try {
    const value = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8', timeout: 5000 }).trim())
    cached = Number.isInteger(value) && value > 0 ? value : 4096
  } catch {
    cached = 4096
  }
  return cached
}
