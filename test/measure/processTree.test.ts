import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { stopTree } from '../../src/measure/process/killTree.js'
import { isRunning, readProcStat } from '../../src/measure/host/procStat.js'
import { ProcessTree } from '../../src/measure/process/processTree.js'
import { waitFor } from '../../src/measure/process/waitFor.js'
import { workload } from './helpers.js'

describe('ProcessTree and stopTree', () => {
  it('follows bash -> node -> node -> setsid child, keeps the escaped child after its parent dies, and kills it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tree-'))
    const [b, c] = [join(dir, 'b'), join(dir, 'c')]
    const grandchild = [['pidfile', c], ['forever']]
    const child = [['pidfile', b], ['spawn', { steps: grandchild, setsid: true }], ['forever']]
    // "; true" keeps bash as a parent instead of exec'ing node.
    const run = `${workload([['spawn', { steps: child, wait: true }], ['forever']])}; true`
    const shell = spawn('bash', ['-c', run], { detached: true, stdio: 'ignore' })
    const root = shell.pid as number
    try {
      expect(await waitFor(() => existsSync(b) && existsSync(c), 20_000)).toBe(true)
      const [pidB, pidC] = [Number(readFileSync(b, 'utf8')), Number(readFileSync(c, 'utf8'))]
      const tree = new ProcessTree(root)
      expect(tree.has(root)).toBe(true)
      expect(tree.has(pidB)).toBe(true)
      expect(tree.has(pidC)).toBe(true)
      expect(tree.has(process.pid)).toBe(false)
      expect(tree.size).toBe(4) // bash, node A, node B, node C
      expect(readProcStat(pidC)?.session).toBe(pidC) // it really left the session
      expect(tree.rssBytes()).toBeGreaterThan(4 * 1024 * 1024)

      process.kill(pidB, 'SIGKILL')
      // Re-parenting completes once every thread of B is gone, a little after B turns zombie.
      expect(await waitFor(() => readProcStat(pidC)?.ppid !== pidB, 10_000)).toBe(true)
      tree.refresh()
      expect(tree.liveMembers().map(m => m.pid)).toContain(pidC) // re-parented, yet still ours

      const result = await stopTree({ tree, groupId: root, signals: ['SIGTERM'], graceMs: 5000 })
      expect(result.sent).toEqual(['SIGTERM'])
      expect(result.escaped).toBe(1)
      expect(result.survivors).toEqual([])
      expect(isRunning(readProcStat(pidC))).toBe(false)
      expect(tree.size).toBe(0)
    } finally {
      try {
        process.kill(-root, 'SIGKILL')
      } catch {
        // already gone
      }
    }
  })

  it('escalates to SIGKILL when SIGTERM is ignored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tree-'))
    const ready = join(dir, 'ready')
    const shell = spawn('bash', ['-c', workload([['ignore', 'SIGTERM'], ['pidfile', ready], ['forever']])], {
      detached: true,
      stdio: 'ignore'
    })
    const root = shell.pid as number
    expect(await waitFor(() => existsSync(ready), 20_000)).toBe(true)
    const tree = new ProcessTree(root)
    const result = await stopTree({ tree, groupId: root, signals: ['SIGTERM'], graceMs: 300 })
    expect(result.sent).toEqual(['SIGTERM', 'SIGKILL'])
    expect(result.survivors).toEqual([])
  })
})
