// Page cache is not need (issue 19 §4): on cgroup v1 the run's charge includes every page of a
// file it wrote, which the kernel reclaims before it OOM-kills anything. The judged peak is what
// the kernel cannot reclaim (anonymous + shmem + kernel memory, memory.stat); the charge's own
// high-water mark is only a cross-check, stated in a coded note. A real cgroup, a real 600 MB
// write to a directory on disk (not tmpfs).
import { mkdtempSync, rmSync, statfsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ownMemoryHierarchy } from '../../src/measure/host/cgroup/findMemoryCgroup.js'
import { measureModel } from '../../src/measure/measureModel.js'
import { MIB, request } from './helpers.js'

const TMPFS_MAGIC = 0x01021994

describe('cgroup v1: the judged peak leaves out page cache', () => {
  it('a run that writes a 600 MB file is not judged as 600 MB; a run that holds 300 MiB is', async () => {
    expect(ownMemoryHierarchy().hierarchy?.version).toBe(1)
    const dir = mkdtempSync(join('/var/tmp', 'oom-gate-pagecache-'))
    try {
      expect(statfsSync(dir).type).not.toBe(TMPFS_MAGIC)
      const write = await measureModel(
        request(`dd if=/dev/zero of=${dir}/checkpoint bs=1M count=600 status=none && sleep 0.5`, {
          settings: { intervalMs: 100 }
        })
      )
      expect(write.exitCode, write.logTail.join('\n')).toBe(0)
      expect(write.hostMethod).toBe('cgroup-v1-unreclaimable')
      expect(write.peaks.hostMethod).toBe('cgroup-v1-unreclaimable')
      expect(write.peaks.hostRssBytes).not.toBeNull()
      expect(write.peaks.hostRssBytes!).toBeLessThan(150 * MIB)
      // The charge saw the page cache: the cross-check says so, with its code.
      const finding = write.findings?.find(f => f.code === 'page-cache-excluded')
      expect(finding, write.notes.join('\n')).toBeDefined()
      expect(write.notes).toContain(finding!.text)

      // Anonymous memory is need, and still counted whole.
      const hold = await measureModel(
        request(`python3 -c "import time; b = bytearray(300 << 20); time.sleep(1)"`, {
          settings: { intervalMs: 100 }
        })
      )
      expect(hold.exitCode).toBe(0)
      expect(hold.peaks.hostRssBytes!).toBeGreaterThan(300 * MIB)
      expect(hold.peaks.hostRssBytes!).toBeLessThan(450 * MIB)
      expect(hold.findings?.some(f => f.code === 'page-cache-excluded') ?? false).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
