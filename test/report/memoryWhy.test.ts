import { describe, expect, it } from 'vitest'
import { applyBaseline } from '../../src/judge/regression.js'
import { renderReport } from '../../src/report/renderReport.js'
import type { AllocatorHealth, SnapshotSummary } from '../../src/results.js'
import { config, GiB, modelResult, results } from '../support/builders.js'

const allocator: AllocatorHealth = {
  device: '0',
  torchVersion: '2.3.1+cu121',
  numAllocRetries: 3,
  numOoms: 0,
  peakAllocatedBytes: 60 * GiB,
  peakActiveBytes: 62 * GiB,
  peakReservedBytes: 72 * GiB,
  peakInactiveSplitBytes: 6 * GiB,
  reservedUnallocatedBytes: 11 * GiB,
  reservedUnallocatedSource: 'snapshot',
  expandableSegments: false
}

const site = (name: string, bytes: number, category: SnapshotSummary['sites'][number]['category']) => ({
  site: name,
  category,
  bytes,
  blocks: 2
})

const snapshot: SnapshotSummary = {
  format: 'torch-2.1',
  device: 0,
  moment: 'peak',
  allocatedBytes: 61 * GiB,
  reservedBytes: 72 * GiB,
  oomRequestBytes: null,
  traceEvents: 18_000,
  coversPeak: true,
  categories: {
    parameters: 9 * GiB,
    gradients: 9 * GiB,
    optimizer: 18 * GiB,
    activations: 25 * GiB,
    other: 0
  },
  sites: [
    site('mmengine/optim/optimizer/optimizer_wrapper.py:196 (step)', 18 * GiB, 'optimizer'),
    site('models/head.py:88 (forward)', 14 * GiB, 'activations'),
    site('(no Python frames: autograd engine thread or C++)', 9 * GiB, 'gradients'),
    site('tools/train.py:41 (build_model)', 9 * GiB, 'parameters'),
    site('models/vit.py:120 (forward)', 7 * GiB, 'activations'),
    site('models/vit.py:131 (forward)', 3 * GiB, 'activations'),
    site('@everyone | </details> `x`', 1 * GiB, 'activations')
  ],
  files: ['runs/sapiens_2b/snapshot/4242.pickle', 'runs/sapiens_2b/snapshot/4242.json'],
  reason: 'retries'
}

const reason =
  "fit only through 3 allocator retries (num_alloc_retries): PyTorch's caching allocator ran out of room, freed its cache and retried, so the run is at the edge of the card"

describe('report: allocator health and where the peak came from', () => {
  const atRisk = modelResult({
    name: 'sapiens_2b',
    status: 'at-risk',
    peakBytes: 73 * GiB,
    reason,
    allocator,
    snapshot
  })

  it('flags a run that fit only through allocator retries, with the count, below the limit', () => {
    const md = renderReport(results([atRisk], { gate: 'fail' }))
    expect(md).toContain(`- sapiens\\_2b: ${reason.replace(/_/g, '\\_')}`)
    expect(md).toContain(`**sapiens\\_2b** finished, but fit only through 3 allocator retries`)
    expect(md).not.toContain('leaves less than the configured headroom')
  })

  it('shows allocator health, the kinds and the top five sites in a collapsed block, and how to open the snapshot', () => {
    const md = renderReport(results([atRisk], { gate: 'fail' }), {
      runUrl: 'https://github.com/o/r/actions/runs/7'
    })
    const block = md.slice(
      md.indexOf('<details><summary>sapiens_2b: allocator health and where the peak came from</summary>')
    )
    expect(block).toContain(
      'Allocator (GPU 0, PyTorch 2.3.1+cu121): peak allocated 60.00 GiB, active 62.00 GiB, reserved 72.00 GiB.'
    )
    expect(block).toContain('Reserved but unallocated at the peak (memory snapshot): 11.00 GiB.')
    expect(block).toContain('⚠️ 3 allocator retries (num_alloc_retries)')
    expect(block).toContain(
      'At the peak (replayed from 18000 allocator events), GPU 0: 61.00 GiB allocated, 72.00 GiB reserved.'
    )
    expect(block).toContain(
      'By kind: activations 25.00 GiB · optimizer state 18.00 GiB · parameters 9.00 GiB · gradients 9.00 GiB'
    )
    expect(block).toContain(
      '| mmengine/optim/optimizer/optimizer\\_wrapper.py:196 (step) | optimizer state | 18.00 GiB | 2 |'
    )
    expect(block).toContain('| models/vit.py:120 (forward) | activations | 7.00 GiB | 2 |')
    expect(block).not.toContain('vit.py:131') // the sixth
    expect(block).toContain(
      "Snapshot: `runs/sapiens_2b/snapshot/4242.pickle` under the output directory (`oom-gate-out/`), in [this workflow run's artifacts](https://github.com/o/r/actions/runs/7) where the workflow uploads it (the README's workflows do); open it at https://pytorch.org/memory_viz"
    )
    expect(block).toContain('Taken because the caching allocator had to free its cache and retry.')
  })

  it('escapes site names from user code, and warns when the trace does not reach the peak', () => {
    const top = { ...snapshot, sites: [snapshot.sites[6]!], coversPeak: false }
    const md = renderReport(results([{ ...atRisk, snapshot: top }]))
    expect(md).toContain('| @\u200beveryone \\| &lt;/details\\> \\`x\\` |')
    expect(md).toContain('does not reach back to the peak')
  })

  it('shows only allocator health without a snapshot, and nothing without a probe', () => {
    const md = renderReport(
      results([
        modelResult({
          name: 'a',
          allocator: { ...allocator, numAllocRetries: 0, reservedUnallocatedSource: 'peaks' }
        }),
        modelResult({ name: 'b' })
      ])
    )
    expect(md).toContain('<details><summary>a: allocator health</summary>')
    expect(md).toContain(
      'Reserved but unallocated at the peak, at least (peak reserved − peak active): 11.00 GiB.'
    )
    expect(md).toContain('No allocator retries.')
    expect(md).not.toContain('<summary>b:')
  })

  it('with a baseline that has a snapshot, lists the sites that grew', () => {
    const cfg = config('models:\n  - name: sapiens_2b\n    run: "true"\n')
    const baseSnapshot = {
      ...snapshot,
      sites: [site('models/head.py:88 (forward)', 8 * GiB, 'activations'), snapshot.sites[0]!]
    }
    const base = results([modelResult({ name: 'sapiens_2b', peakBytes: 70 * GiB, snapshot: baseSnapshot })], {
      commit: 'c'.repeat(40)
    })
    const head = results([modelResult({ name: 'sapiens_2b', peakBytes: 73 * GiB, snapshot })])
    const out = applyBaseline(head, { commit: 'c'.repeat(40), distance: 0, results: base }, cfg)
    const sites = out.models[0]!.baseline!.sites!
    expect(sites.map(g => [g.site, g.deltaBytes])).toEqual(
      [
        ['(no Python frames: autograd engine thread or C++)', 9 * GiB], // new since the base
        ['tools/train.py:41 (build_model)', 9 * GiB],
        ['models/head.py:88 (forward)', 6 * GiB],
        ['models/vit.py:120 (forward)', 7 * GiB],
        ['models/vit.py:131 (forward)', 3 * GiB] // at most five
      ].sort((a, b) => (b[1] as number) - (a[1] as number))
    )
    const md = renderReport(out)
    expect(md).toContain('Grew since ccccccc:')
    expect(md).toContain('| models/head.py:88 (forward) | activations | 8.00 GiB | 14.00 GiB | +6.00 GiB |')
    // without a snapshot on the base, no growth is claimed
    const bare = applyBaseline(
      head,
      {
        commit: 'c'.repeat(40),
        distance: 0,
        results: results([modelResult({ name: 'sapiens_2b', peakBytes: 70 * GiB })])
      },
      cfg
    )
    expect(bare.models[0]!.baseline!.sites).toBeUndefined()
  })
})
