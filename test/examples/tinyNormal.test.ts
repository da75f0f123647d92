// The embedded example (examples/tiny-normal/train.py) under real PyTorch on the CPU, at a toy image
// size so that it takes seconds: it trains, its token grid follows Sapiens' padded patch embedding,
// and its outputs have the shapes the decode head promises.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { findTorchPython } from '../../src/measure/probe/findPython.js'

const exampleDir = fileURLToPath(new URL('../../examples/tiny-normal/', import.meta.url))

function python(): string {
  const found = findTorchPython()
  if (found === null)
    throw new Error('no Python with torch found (install python3-torch or set OOM_GATE_PYTHON)')
  return found.python
}

function train(args: string[]) {
  const run = spawnSync(python(), ['train.py', ...args], {
    cwd: exampleDir,
    encoding: 'utf8',
    // Seconds alone; minutes when the two cores are shared with other PyTorch runs.
    timeout: 240_000,
    env: { ...process.env, OOM_GATE_RESULT_DIR: '' }
  })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

/** floor((H + 2·padding − patch) / patch) + 1 per side, computed here independently of train.py. */
const grid = (side: number, patch: number, padding: number) =>
  Math.floor((side + 2 * padding - patch) / patch) + 1

function parse(stdout: string) {
  const tokens = stdout.match(/^tokens: (\d+)x(\d+) = (\d+) \(/m)
  const output = stdout.match(/^output: normals (\d+(?:x\d+)+), head (\d+(?:x\d+)+)$/m)
  const losses = [...stdout.matchAll(/^step (\d+)\/(\d+) loss (\S+) \(cosine (\S+), l1 (\S+)\) /gm)].map(
    m => ({
      step: Number(m[1]),
      loss: Number(m[3]),
      cosine: Number(m[4]),
      l1: Number(m[5])
    })
  )
  return { tokens, output, losses }
}

describe('examples/tiny-normal/train.py', () => {
  for (const patch of [16, 32]) {
    it(
      `fine-tunes at patch ${patch}: finite, falling loss; Sapiens' token grid; head and output shapes`,
      { timeout: 300_000 },
      () => {
        const [height, width, batch, steps] = [128, 96, 2, 6]
        const run = train([
          ...['--size', '0.3b', '--image', `${height}x${width}`, '--patch', String(patch), '--padding', '2'],
          ...['--batch', String(batch), '--steps', String(steps), '--threads', '2']
        ])
        expect(run.stderr).toBe('')
        expect(run.code).toBe(0)
        const { tokens, output, losses } = parse(run.stdout)
        const [gh, gw] = [grid(height, patch, 2), grid(width, patch, 2)]
        expect(tokens?.slice(1, 4).map(Number)).toEqual([gh, gw, gh * gw])
        expect([gh, gw]).toEqual(patch === 16 ? [8, 6] : [4, 3])
        // normals at the image size; the head's raw map at 8x the token grid (three 2x deconvolutions)
        expect(output?.[1]).toBe(`${batch}x3x${height}x${width}`)
        expect(output?.[2]).toBe(`${batch}x3x${8 * gh}x${8 * gw}`)
        expect(losses.map(l => l.step)).toEqual([1, 2, 3, 4, 5, 6])
        for (const l of losses) {
          expect(Number.isFinite(l.loss)).toBe(true)
          expect(l.loss).toBeCloseTo(l.cosine + l.l1, 3)
        }
        expect(losses[steps - 1]!.loss).toBeLessThan(0.9 * losses[0]!.loss)
      }
    )
  }

  it('computes the token grids of the reference facts (1024x768: 64x48 at p16, 32x24 at p32)', () => {
    const run = spawnSync(
      python(),
      [
        '-c',
        'import train; print([train.token_grid(1024, 768, p, 2) for p in (16, 32)], sorted(train.SIZES))'
      ],
      { cwd: exampleDir, encoding: 'utf8', env: { ...process.env, OOM_GATE_RESULT_DIR: '' } }
    )
    expect(run.stdout).toBe("[(64, 48), (32, 24)] ['0.3b', '0.6b', '1b', '2b']\n")
  })

  it('rejects a malformed --image', () => {
    const run = train(['--image', '128by96', '--steps', '1'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('write HEIGHTxWIDTH')
  })
})
