// The public figures the trace is scored against (test/trace/figures/figures.json) and their
// builders: the records are consistent with what they quote, the hold-out set follows the rule fixed
// before scoring, and every builder trains for real on CPU tensors (two optimizer steps at a tiny
// size), so a broken builder fails here rather than in `npm run bench`.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { findTorchPython } from '../../src/measure/probe/findPython.js'
import type { PublicFigure } from '../../bench/traceFigureScore.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const figuresFile = fileURLToPath(new URL('figures/figures.json', import.meta.url))
const checker = fileURLToPath(new URL('figures/check_builders.py', import.meta.url))

/** A figure record as figures.json holds it: the bench's PublicFigure plus the tiny test size. */
interface Figure extends PublicFigure {
  tinyArgs: Record<string, unknown>
}

const figures = (JSON.parse(readFileSync(figuresFile, 'utf8')) as { figures: Figure[] }).figures

function python(): string {
  const found = findTorchPython()
  if (found === null)
    throw new Error('no Python with torch found (install python3-torch or set OOM_GATE_PYTHON)')
  return found.python
}

function check(args: string[]): { entry: string; ok: boolean; error: string | null; parameters?: number }[] {
  const run = spawnSync(python(), [checker, ...args], {
    cwd: root,
    encoding: 'utf8',
    // Seconds alone; minutes when the two cores are shared with other PyTorch runs.
    timeout: 300_000
  })
  if (run.error) throw run.error
  return run.stdout
    .trim()
    .split('\n')
    .filter(line => line.startsWith('{'))
    .map(
      line => JSON.parse(line) as { entry: string; ok: boolean; error: string | null; parameters?: number }
    )
}

describe('public figures', () => {
  it('has at least 14 figures, each with a unique id, a link to its line and a builder file', () => {
    expect(figures.length).toBeGreaterThanOrEqual(14)
    expect(new Set(figures.map(f => f.id)).size).toBe(figures.length)
    for (const f of figures) {
      expect(f.link).toMatch(
        /^https:\/\/github\.com\/(open-mmlab\/[\w-]+|Lightning-AI\/litgpt)\/blob\/[0-9a-f]{40}\/.+#L\d+$/
      )
      expect(f.entry).toBe(`test/trace/figures/${f.id}.py:build`)
      expect(existsSync(`${root}test/trace/figures/${f.id}.py`)).toBe(true)
      expect(f.measures).toMatch(/^allocated: /)
    }
  })

  it('holds out by the rule fixed before scoring: sha256(id) % 3 == 0', () => {
    for (const f of figures) {
      const held = Number.parseInt(createHash('sha256').update(f.id).digest('hex').slice(0, 8), 16) % 3 === 0
      expect({ id: f.id, heldOut: f.heldOut }).toEqual({ id: f.id, heldOut: held })
    }
    const held = figures.filter(f => f.heldOut).length
    expect(held).toBeGreaterThanOrEqual(Math.floor(figures.length / 4))
  })

  it('converts each quoted figure to bytes: metafile GB are GiB (MiB / 1024), gpu_mem(M) is MiB, lit-gpt GB are 1e9', () => {
    for (const f of figures) {
      const gb = f.quote.match(/^Memory \(GB\): ([\d.]+)$/)
      const mib = f.quote.match(/gpu_mem\(M\) (\d+)$/)
      const decimal = f.quote.match(/^Max GPU RAM ([\d.]+) GB$/)
      expect(gb !== null || mib !== null || decimal !== null).toBe(true)
      const expected = gb
        ? Math.round(Number(gb[1]) * 2 ** 30)
        : decimal
          ? Math.round(Number(decimal[1]) * 1e9)
          : Number(mib![1]) * 2 ** 20
      expect({ id: f.id, bytes: f.bytes }).toEqual({ id: f.id, bytes: expected })
    }
  })

  it('states the torch version or why it is unknown', () => {
    for (const f of figures) {
      expect(f.torch !== null || (f.torchBefore !== null && f.torchReason.length > 20)).toBe(true)
    }
  })
})

describe('figure builders', () => {
  it('every builder trains two steps on real CPU tensors at its tiny size', () => {
    const results = check(['run', figuresFile])
    expect(results.map(r => r.entry)).toEqual(figures.map(f => f.id))
    expect(results.filter(r => !r.ok)).toEqual([])
  }, 320_000)

  it('builds the published parameter counts at full size (mmaction2 metafile: 122M divST, 86.11M jointST)', () => {
    const count = (id: string) => {
      const [result] = check(['params', `test/trace/figures/${id}.py:build`, '{}'])
      expect(result?.error).toBeNull()
      return result?.parameters ?? 0
    }
    expect(Math.round(count('mmaction2_timesformer_divst_k400') / 1e6)).toBe(122)
    expect((count('mmaction2_timesformer_jointst_k400') / 1e6).toFixed(2)).toBe('86.11')
  }, 120_000)

  it('builds the trainable parameter counts lit-gpt published next to its figures (resource-tables.md)', () => {
    const trainable = (id: string) => {
      const [result] = check(['params', `test/trace/figures/${id}.py:build`, '{"attention": "math"}'])
      expect(result?.error).toBeNull()
      return (result as { trainable?: number } | undefined)?.trainable
    }
    expect(trainable('litgpt_lora_phi15_alpaca_mb1')).toBe(1_572_864)
    expect(trainable('litgpt_lora_llama2_13b_alpaca_mb1')).toBe(6_553_600)
    expect(trainable('litgpt_adapter_stablelm3b_alpaca_mb1')).toBe(573_888)
    expect(trainable('litgpt_adapter_v2_llama2_7b_alpaca_mb1')).toBe(4_279_744)
  }, 120_000)

  it('reports a broken builder by name instead of failing the whole run', () => {
    const [result] = check(['run-entry', `${root}test/trace/figures/figures.json:build`, '{}'])
    expect(result?.ok).toBe(false)
    expect(result?.error).toMatch(/Error/)
  }, 60_000)
})
