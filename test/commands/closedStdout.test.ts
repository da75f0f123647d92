// `oom-gate run | head`: the reader goes away and the gate's stdout is a closed pipe. The gate
// says so once on stderr and goes on (the run, its report and its exit status are its own).
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO } from '../trace/pythons.js'

describe('keepGoingWhenStdoutCloses', () => {
  it('a write to a closed stdout ends the log, not the process', async () => {
    const script = `
      import { keepGoingWhenStdoutCloses } from ${JSON.stringify(join(REPO, 'src/commands/closedStdout.ts'))}
      import { stdoutLine } from ${JSON.stringify(join(REPO, 'src/commands/stdoutLine.ts'))}
      if (process.argv.at(-1) === 'on') keepGoingWhenStdoutCloses()
      for (let i = 0; i < 2000; i++) { stdoutLine('x'.repeat(1000)); await new Promise(r => setImmediate(r)) }
      process.stderr.write('went on\\n')
    `
    const run = (mode: string) =>
      new Promise<{ code: number | null; stderr: string }>(resolve => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', '--input-type=module', '-e', script, mode],
          {
            cwd: REPO,
            stdio: ['ignore', 'pipe', 'pipe']
          }
        )
        let stderr = ''
        child.stderr.on('data', (b: Buffer) => (stderr += b.toString()))
        // The reader goes away after the first chunk, as `head -c 1` does.
        child.stdout.once('data', () => child.stdout.destroy())
        child.on('close', code => resolve({ code, stderr }))
      })
    const kept = await run('on')
    expect(kept.stderr).toContain(
      'oom-gate: standard output closed (EPIPE): the log stops here; the run and its report go on'
    )
    expect(kept.stderr.match(/standard output closed/g)).toHaveLength(1)
    expect(kept.stderr).toContain('went on')
    expect(kept.code).toBe(0)
    // Without it, Node ends the process on the unhandled 'error' event.
    const bare = await run('off')
    expect(bare.stderr).toContain('EPIPE')
    expect(bare.stderr).not.toContain('went on')
    expect(bare.code).not.toBe(0)
  }, 60_000)
})
