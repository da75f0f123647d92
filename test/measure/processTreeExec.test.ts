// The race behind a flaky "escaped by double fork and setsid" test (issue 19 §5): a process caught
// in the instant of execve reads an empty /proc/<pid>/environ (the new image has no environment
// bounds yet). It must be judged again at the next refresh, not recorded as foreign for good.
// A fake /proc makes the instant deterministic.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProcessTree } from '../../src/measure/process/processTree.js'

const TOKEN = 'OOM_GATE_RUN_TOKEN=abc'

function fakeProc() {
  const root = mkdtempSync(join(tmpdir(), 'fake-proc-'))
  const put = (
    pid: number,
    p: { ppid: number; pgrp: number; session: number; start: number; environ: string }
  ) => {
    mkdirSync(join(root, String(pid)), { recursive: true })
    const tail = [
      '0',
      '-1',
      '0',
      '0',
      '0',
      '0',
      '0',
      '0',
      '0',
      '0',
      '0',
      '20',
      '0',
      '1',
      '0',
      String(p.start),
      '1000',
      '10'
    ]
    writeFileSync(
      join(root, String(pid), 'stat'),
      `${pid} (x) S ${p.ppid} ${p.pgrp} ${p.session} ${tail.join(' ')}\n`
    )
    writeFileSync(join(root, String(pid), 'environ'), p.environ)
  }
  return { root, put }
}

describe('ProcessTree: a process seen mid-execve', () => {
  it('is judged again once its environment reads, and adopted by the run token', () => {
    const proc = fakeProc()
    proc.put(100, { ppid: 1, pgrp: 100, session: 100, start: 500, environ: `${TOKEN}\0` })
    const tree = new ProcessTree(100, proc.root, { envToken: TOKEN })
    expect(tree.size).toBe(1)
    // An escapee (own session, re-parented to init) caught mid-exec: empty environ.
    proc.put(200, { ppid: 1, pgrp: 200, session: 200, start: 600, environ: '' })
    tree.refresh()
    expect(tree.has(200)).toBe(false)
    proc.put(200, { ppid: 1, pgrp: 200, session: 200, start: 600, environ: `PATH=/bin\0${TOKEN}\0` })
    tree.refresh()
    expect(tree.has(200)).toBe(true)
    expect(tree.size).toBe(2)
  })

  it('a stranger with a readable environment stays foreign; kernel threads are never re-read', () => {
    const proc = fakeProc()
    proc.put(100, { ppid: 1, pgrp: 100, session: 100, start: 500, environ: `${TOKEN}\0` })
    const tree = new ProcessTree(100, proc.root, { envToken: TOKEN })
    proc.put(300, { ppid: 1, pgrp: 300, session: 300, start: 600, environ: 'PATH=/bin\0' })
    proc.put(400, { ppid: 2, pgrp: 0, session: 0, start: 600, environ: '' })
    tree.refresh()
    // Later they would carry the token (they cannot, but if they did): they are not judged again.
    proc.put(300, { ppid: 1, pgrp: 300, session: 300, start: 600, environ: `${TOKEN}\0` })
    proc.put(400, { ppid: 2, pgrp: 0, session: 0, start: 600, environ: `${TOKEN}\0` })
    tree.refresh()
    expect(tree.has(300)).toBe(false)
    expect(tree.has(400)).toBe(false)
  })
})
