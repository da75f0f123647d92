// One Node story across the action, CI and the package: the action runs on Node 24, CI tests both
// that and the oldest Node package.json accepts, dist/ is built on 24, and @types/node describes 24.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string }
  devDependencies: Record<string, string>
}
const floor = Number(/^>=(\d+)$/.exec(pkg.engines.node)?.[1])

describe('Node versions', () => {
  it('the action runs dist/index.js on node24', () => {
    const action = parse(read('action.yml')) as { runs: { using: string; main: string } }
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('CI tests on Node 24 and on the oldest Node engines accepts', () => {
    const ci = parse(read('.github/workflows/ci.yml')) as {
      jobs: {
        test: {
          strategy: { matrix: { node: number[] } }
          container: { image: string; options?: string }
          steps: { run?: string }[]
        }
      }
    }
    expect(floor).toBeGreaterThanOrEqual(20)
    expect(ci.jobs.test.strategy.matrix.node).toEqual([floor, 24])
    expect(ci.jobs.test.container.image).toBe('node:${{ matrix.node }}-bookworm')
    // The torch 2.x tests chroot into a debootstrapped root (mounts): a privileged container.
    expect(ci.jobs.test.container.options).toBe('--privileged')
    expect(ci.jobs.test.steps.map(s => s.run)).toContain('npm test')
  })

  it('dist/ is built on Node 24 and @types/node is 24', () => {
    const checkDist = parse(read('.github/workflows/check-dist.yml')) as {
      jobs: { 'check-dist': { steps: { with?: { 'node-version'?: number } }[] } }
    }
    const versions = checkDist.jobs['check-dist'].steps.flatMap(s => s.with?.['node-version'] ?? [])
    expect(versions).toEqual([24])
    expect(pkg.devDependencies['@types/node']).toMatch(/^\^24\./)
  })
})
