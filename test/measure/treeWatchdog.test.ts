// One watchdog serves the gate's runs going at once: a SIGKILLed gate's runs are killed, the ones
// it had released are not; overlapping runs share its process; with no run left it is gone.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startWatchdog } from '../../src/measure/process/treeWatchdog.js'
import { waitFor } from '../../src/measure/process/waitFor.js'
import { childrenOfThisProcess } from './helpers.js'

const ROOT = resolve(import.meta.dirname, '../..')

function alive(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

const watchdogs = () =>
  childrenOfThisProcess().filter(pid => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('oom-gate-watchdog')
    } catch {
      return false
    }
  })

describe('the gate watchdog', () => {
  it('kills the runs of a SIGKILLed gate that were not released, and only those', async () => {
    const gate = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/watchdog/twoRuns.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit']
    })
    const line = await new Promise<string>(r => gate.stdout!.once('data', (b: Buffer) => r(b.toString())))
    const [released, registered] = line.trim().split(' ').map(Number) as [number, number]
    expect(alive(released) && alive(registered)).toBe(true)
    gate.kill('SIGKILL')
    expect(await waitFor(() => !alive(registered), 10_000, 50)).toBe(true)
    expect(alive(released)).toBe(true)
    process.kill(released, 'SIGKILL')
  }, 30_000)

  it('serves the runs going at once with one process, which is gone once the last is released', async () => {
    expect(await waitFor(() => watchdogs().length === 0, 10_000, 50)).toBe(true)
    const first = await startWatchdog({ groupId: 999_999, cgroupDir: null, envToken: null })
    const [pid] = watchdogs()
    const second = await startWatchdog({ groupId: 999_998, cgroupDir: '', envToken: 'X=1' })
    expect(watchdogs()).toEqual([pid])
    await first!.release()
    expect(watchdogs()).toEqual([pid])
    await second!.release()
    expect(watchdogs()).toEqual([])
    // And a run after that starts a new one.
    const third = await startWatchdog({ groupId: 999_997, cgroupDir: null, envToken: null })
    expect(watchdogs()).toHaveLength(1)
    expect(watchdogs()).not.toEqual([pid])
    await third!.release()
    expect(watchdogs()).toEqual([])
  }, 30_000)
})
