// The log of parallel runs stays readable: in the action, one group per model that never
// interleaves with another, progress lines live outside them; in the CLI, prefixed lines, live.
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { waitFor } from '../../src/measure/process/waitFor.js'
import { childrenOfThisProcess, workload, type Step } from '../measure/helpers.js'
import { behindBarrier, execute, fakeRunner, quoted, recordingGroups, tmp, writeConfig } from './helpers.js'

afterEach(async () => {
  vi.unstubAllEnvs()
  expect(await waitFor(() => childrenOfThisProcess().length === 0, 10_000)).toBe(true)
})

const NAMES = ['a', 'b', 'c']

/** Each model prints, holds its memory until `go`, then prints again: their output overlaps in time. */
function chatty(dir: string): string {
  const go = join(dir, 'go')
  const steps = (n: string, i: number): Step[] => [
    ['print', `${n} loading`],
    ['gpu', 100 * (i + 1)],
    ['print', `${n} step 1`],
    ['waitfile', go],
    ['print', `${n} step 2`],
    ['stderr', `${n} done`]
  ]
  return `gpu:
  memory: 80GiB
measure:
  interval: 50ms
  release-timeout: 20s
models:
${NAMES.map((n, i) => `  - name: ${n}\n    run: ${quoted(workload(steps(n, i)))}`).join('\n')}
`
}

const seen = { a: 100, b: 200, c: 300 }
const outputOf = (line: string) => /^ {2}(\w+) \| /.exec(line)?.[1] ?? null
const progressOf = (line: string) => /^ {2}(\w+): /.exec(line)?.[1] ?? null

describe('logs of parallel runs', () => {
  it('action: one group per model with all its output and nothing else, never interleaved', async () => {
    fakeRunner(3)
    const dir = tmp()
    const { executed, allAtOnce } = await behindBarrier(writeConfig(chatty(dir)), dir, seen, {
      groups: true
    })
    expect(allAtOnce, executed.lines.join('\n')).toBe(true)
    const lines = executed.lines

    let open: string | null = null
    const groups: { title: string; lines: string[] }[] = []
    for (const line of lines) {
      if (line.startsWith('::group::')) {
        expect(open, 'a group opened inside another').toBeNull()
        open = line.slice('::group::'.length)
        groups.push({ title: open, lines: [] })
      } else if (line === '::endgroup::') {
        expect(open).not.toBeNull()
        open = null
      } else if (open !== null) {
        groups.at(-1)!.lines.push(line)
      } else {
        // Outside groups: start lines, progress lines and verdicts only; never command output.
        expect(outputOf(line), line).toBeNull()
      }
    }
    expect(open).toBeNull()
    expect(groups.map(g => g.title).sort()).toEqual(NAMES.map(n => `${n}: output (4 lines)`))
    for (const group of groups) {
      const name = group.title.split(':')[0]!
      expect(group.lines).toEqual([
        `  ${name} | ${name} loading`,
        `  ${name} | ${name} step 1`,
        `  ${name} | ${name} step 2`,
        `  ${name} | ${name} done`
      ])
      // The verdict follows its group.
      const end = lines.indexOf(`::group::${group.title}`) + group.lines.length + 2
      expect(lines[end]).toMatch(new RegExp(`^✔ ${name}: ok`))
    }
    // Progress went out live, prefixed by the name, before any group was printed.
    const firstGroup = lines.findIndex(l => l.startsWith('::group::'))
    for (const name of NAMES) {
      const progress = lines.findIndex(l => progressOf(l) === name)
      expect(progress).toBeGreaterThanOrEqual(0)
      expect(progress).toBeLessThan(firstGroup)
    }
  }, 120_000)

  it('CLI: every output line prefixed by its model, as it happens', async () => {
    fakeRunner(3)
    const dir = tmp()
    const { executed, allAtOnce } = await behindBarrier(writeConfig(chatty(dir)), dir, seen)
    expect(allAtOnce).toBe(true)
    const lines = executed.lines
    expect(lines.some(l => l.startsWith('::group::'))).toBe(false)
    const firstVerdict = lines.findIndex(l => l.startsWith('✔'))
    for (const name of NAMES) {
      // Printed before the barrier opened, so before any model ended: live, not kept.
      expect(lines.indexOf(`  ${name} | ${name} step 1`)).toBeLessThan(firstVerdict)
      expect(lines).toContain(`  ${name} | ${name} done`)
    }
  }, 120_000)

  it('action, one model at a time: the group opens at the start and the output streams into it', async () => {
    fakeRunner(1)
    // Both use GPU memory (a run with no GPU reading fails by design) and hold it for many
    // sampling intervals, so a loaded machine's sampler cannot miss it.
    const config = writeConfig(`gpu:
  memory: 80GiB
measure:
  interval: 50ms
models:
  - name: solo
    run: ${quoted(
      workload([
        ['print', 'hello'],
        ['gpu', 10],
        ['sleep', 800]
      ])
    )}
  - name: next
    run: ${quoted(
      workload([
        ['print', 'next'],
        ['gpu', 10],
        ['sleep', 800]
      ])
    )}
`)
    const lines: string[] = []
    await execute(config, { log: l => lines.push(l), logGroups: recordingGroups(lines) })
    expect(lines.filter(l => !/^ {2}\w+: /.test(l))).toEqual([
      '▶ solo: starting on GPU 0',
      '::group::solo: output',
      '  solo | hello',
      '::endgroup::',
      expect.stringMatching(/^✔ solo: ok/),
      '▶ next: starting on GPU 0',
      '::group::next: output',
      '  next | next',
      '::endgroup::',
      expect.stringMatching(/^✔ next: ok/)
    ])
  })
})
