// A fast producer behind a slow log reader must not grow the gate (issue 9 §5: it reached 787 MiB):
// while the gate's stdout cannot drain, the command's pipes are paused and the command blocks.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const MIB = 2 ** 20

function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(m![1]) * 1024
}

describe('back-pressure on the command output', () => {
  it('the gate stays small while its reader is stalled, and nothing is lost once it reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-'))
    const config = join(dir, 'oom-gate.yml')
    // 400 MiB of 1 KiB lines, as fast as `yes` writes them.
    writeFileSync(
      config,
      `measure: {sampler: host}\nmodels:\n  - name: chatty\n    run: 'yes "$(head -c 1023 /dev/zero | tr "\\\\0" x)" | head -n 409600; echo the end'\n`
    )
    const out = join(dir, 'out')
    const gate = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'run', '--config', config, '--out', out],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit']
      }
    )
    const exited = new Promise<number | null>(r => gate.on('exit', code => r(code)))
    let received = 0
    let tail = ''
    const read = (b: Buffer) => {
      received += b.length
      tail = (tail + b.toString()).slice(-200)
    }
    // Read the first bytes (the gate is up and the command runs), then stall for 6 s.
    await new Promise<void>(r => gate.stdout!.once('data', b => (read(b), r())))
    gate.stdout!.pause()
    let peak = 0
    for (let i = 0; i < 30; i++) {
      await new Promise(r => setTimeout(r, 200))
      peak = Math.max(peak, rssBytes(gate.pid!))
    }
    gate.stdout!.on('data', read)
    gate.stdout!.resume()
    expect(await exited).toBe(0)
    // Without back-pressure the gate holds the 400 MiB (twice, as UTF-16 strings) in its buffers.
    expect(peak).toBeLessThan(170 * MIB)
    expect(received).toBeGreaterThan(400 * MIB)
    expect(tail).toMatch(/gate passed/)
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
    expect(results.models[0].status).toBe('ok')
    expect(results.models[0].logTail.at(-1)).toBe('the end')
  }, 120_000)
})
