import { describe, expect, it } from 'vitest'
import { HOST_JUDGED_NOTE } from '../../src/plan/checkRunner.js'
import { renderReport } from '../../src/report/renderReport.js'
import { GiB, gib, modelResult, results } from '../support/builders.js'

const oom = {
  kind: 'gpu-oom' as const,
  framework: 'pytorch',
  gpuIndex: 0,
  triedToAllocateBytes: Math.round(gib(2.3)),
  totalCapacityBytes: Math.round(gib(79.15)),
  freeBytes: Math.round(gib(0.4)),
  allocatedBytes: Math.round(gib(76.88)),
  reservedBytes: Math.round(gib(78.25)),
  evidence: 'torch.OutOfMemoryError: CUDA out of memory.'
}

describe('renderReport', () => {
  const passing = results([
    modelResult({ name: 'sapiens_0.3b', peakBytes: 30 * GiB, durationMs: 61_000 }),
    modelResult({ name: 'sapiens_1b', peakBytes: gib(71.3), durationMs: 84_000 })
  ])

  it('tables every model with status, peak, limit, share, source and duration', () => {
    const md = renderReport(passing)
    expect(md).toContain('### ✅ oom-gate: 2 models fit on the NVIDIA A800 80GB PCIe, 80.00 GiB target card')
    expect(md).toContain('| Model | Status | Peak | Limit | Share of card | Measured by | Duration |')
    expect(md).toContain(
      '| sapiens\\_1b | ✅ ok | 71.30 GiB | 77.60 GiB | 89% | nvidia-smi, process tree | 1m 24s |'
    )
    expect(md).toContain('Runner: NVIDIA A800 80GB PCIe, 80.00 GiB, driver 535.54.03')
    expect(md).not.toContain('<details>')
  })

  it('says how host memory was measured, and strips escape codes from the log tail', () => {
    const peaks = { nvidiaSmiBytes: null, torchReservedBytes: null, torchAllocatedBytes: null }
    const md = renderReport(
      results([
        modelResult({
          name: 'cg',
          peakSource: 'host',
          peakBytes: GiB,
          peaks: { ...peaks, hostRssBytes: GiB, hostMethod: 'cgroup-v1' }
        }),
        modelResult({
          name: 'ps',
          peakSource: 'host',
          peakBytes: GiB,
          peaks: { ...peaks, hostRssBytes: GiB, hostMethod: 'pss' }
        }),
        modelResult({
          name: 'old',
          status: 'failed',
          reason: 'exited with code 1',
          peakSource: 'host',
          peakBytes: GiB,
          peaks: { ...peaks, hostRssBytes: GiB },
          logTail: ['\u001b[31mValueError\u001b[0m: bad']
        })
      ])
    )
    expect(md).toMatch(/\| cg \|.*\| host, memory cgroup \(v1\) \|/)
    expect(md).toMatch(/\| ps \|.*\| host PSS \|/)
    expect(md).toMatch(/\| old \|.*\| host RSS \|/)
    expect(md).toContain('ValueError: bad')
    expect(md).not.toContain('\u001b')
  })

  it('explains an OOM in words, with advice and the log tail in a collapsed block', () => {
    const failing = results(
      [
        modelResult({ name: 'sapiens_1b', peakBytes: gib(71.3) }),
        modelResult({
          name: 'sapiens_2b',
          status: 'oom',
          peakBytes: gib(78.7),
          exitCode: 1,
          oom,
          logTail: ['step 1', 'torch.OutOfMemoryError: CUDA out of memory. ```'],
          advice: [
            {
              id: 'patch-32',
              title: 'Patch size 32 instead of 16',
              detail: '768 tokens instead of 3072.',
              estimatedPeakBytes: 40 * GiB,
              fits: true,
              warning: 'changes the token grid the pretrained weights were trained on'
            }
          ]
        })
      ],
      { gate: 'fail' }
    )
    const md = renderReport(failing)
    expect(md).toContain('### ❌ oom-gate: **sapiens\\_2b** would not pass')
    expect(md).toContain('- sapiens\\_2b: ran out of GPU memory')
    expect(md).toContain('| sapiens\\_2b | ❌ out of memory | ≥ 78.70 GiB |')
    expect(md).toMatch(/\*\*sapiens\\_2b\*\* ran out of GPU memory \(pytorch\): .*2\.30 GiB/)
    expect(md).toContain('1. ✅ Patch size 32 instead of 16: about 40.00 GiB.')
    expect(md).toContain('⚠️ changes the token grid the pretrained weights were trained on')
    expect(md).toContain('<details><summary>sapiens_2b: last 2 lines of output</summary>')
    // The log's own backticks cannot close the fence.
    expect(md).toContain('````text\nstep 1\ntorch.OutOfMemoryError: CUDA out of memory. ```\n````')
  })

  it("names the OOM's family in words and the fix its users reach for", () => {
    const vllm = {
      ...oom,
      framework: 'vllm',
      gpuIndex: null,
      totalCapacityBytes: null,
      allocatedBytes: null,
      reservedBytes: null,
      evidence: 'ValueError: No available memory for the cache blocks.',
      family: 'vllm-kv-cache',
      basis: 'message' as const
    }
    const md = renderReport(
      results([modelResult({ name: 'serve', status: 'oom', exitCode: 1, oom: vllm })], { gate: 'fail' })
    )
    expect(md).toContain(
      'What it means: vLLM could not fit its KV cache in gpu\\_memory\\_utilization. Usual fix: raise gpu\\_memory\\_utilization, or lower max\\_model\\_len or max\\_num\\_seqs.'
    )
    // A report from before families (or of an unknown one) says what it can and nothing more.
    const old = renderReport(
      results([modelResult({ name: 'serve', status: 'oom', exitCode: 1, oom })], { gate: 'fail' })
    )
    expect(old).not.toContain('Usual fix')
  })

  it('marks expected OOMs, emulated targets, host-only runners and foreign memory', () => {
    const md = renderReport(
      results(
        [
          modelResult({ name: 'sapiens_2b', status: 'oom', expect: 'oom', oom }),
          modelResult({
            name: 'sapiens_2b_p32',
            expect: 'oom',
            gpus: [{ index: 0, uuid: 'u', peakBytes: 40 * GiB, baselineBytes: 512 * 2 ** 20 }]
          })
        ],
        { target: { memoryBytes: 80 * GiB, limitBytes: 77 * GiB, emulated: true, measures: 'gpu' } }
      )
    )
    expect(md).toContain('☑️ out of memory (expected)')
    expect(md).toContain('🎉 fits now (expected OOM)')
    expect(md).toContain('emulated on this larger card')
    expect(md).toContain(
      'Memory held by other processes (not counted): GPU 0: 512 MiB before sapiens\\_2b\\_p32'
    )
    const host = renderReport(
      results([modelResult({ peakSource: 'host' })], {
        gpu: { name: null, memoryBytes: null, driver: null },
        target: { memoryBytes: 2 * GiB, limitBytes: gib(1.9), measures: 'host' }
      })
    )
    expect(host).toContain(
      'in 2.00 GiB of host memory (host memory was judged, not GPU memory: measure.sampler: host)'
    )
    expect(host).toContain('Runner: measure.sampler: host; memory is the host memory of each run')
    expect(host).toContain('host RSS')
    expect(host).toContain('| Share of budget |')
  })

  it('names the host method actually used (cgroup, PSS, RSS), not always RSS', () => {
    const peaks = { nvidiaSmiBytes: null, torchReservedBytes: null, torchAllocatedBytes: null }
    const host = (hostMethod: 'cgroup-v1' | 'cgroup-v2' | 'pss' | 'rss') =>
      renderReport(
        results(
          [
            modelResult({
              peakSource: 'host',
              peakBytes: GiB,
              peaks: { ...peaks, hostRssBytes: GiB, hostMethod }
            })
          ],
          {
            gpu: { name: null, memoryBytes: null, driver: null },
            target: { memoryBytes: 2 * GiB, limitBytes: gib(1.9), measures: 'host' },
            notes: [HOST_JUDGED_NOTE]
          }
        )
      )
    const v1 = host('cgroup-v1')
    expect(v1).toContain(
      'Runner: no nvidia-smi on this runner; memory is for each run the memory charged to its own memory cgroup (v1)'
    )
    expect(v1).not.toMatch(/RSS/)
    expect(host('cgroup-v2')).toContain('its own memory cgroup (v2)')
    expect(host('pss')).toContain('memory is for each run the PSS of its process tree')
    expect(host('rss')).toContain('memory is for each run the RSS of its process tree')
    expect(HOST_JUDGED_NOTE).not.toMatch(/RSS/)
  })

  it('an interrupted model gets "the gate was interrupted", not "would not pass on the card"', () => {
    const stopped = modelResult({
      name: 'holder',
      status: 'failed',
      interrupted: true,
      reason: 'interrupted: the gate was stopped before this run finished'
    })
    const md = renderReport(results([stopped], { gate: 'fail' }))
    expect(md).toContain('### ❌ oom-gate: the gate was interrupted before **holder** finished')
    expect(md).not.toContain('would not pass')
    const both = renderReport(
      results([modelResult({ name: 'big', status: 'at-risk', peakBytes: 79 * GiB }), stopped], {
        gate: 'fail'
      })
    )
    expect(both).toContain(
      '### ❌ oom-gate: **big** would not pass on the NVIDIA A800 80GB PCIe, 80.00 GiB target card; the gate was interrupted before **holder** finished'
    )
  })

  it('says whether an at-risk peak is over the whole target or only within the headroom', () => {
    const target = { memoryBytes: 1000 * 2 ** 20, limitBytes: 970 * 2 ** 20, measures: 'host' as const }
    const over = renderReport(
      results([modelResult({ name: 'tiny_2b', status: 'at-risk', peakBytes: 1170 * 2 ** 20 })], {
        gate: 'fail',
        target
      })
    )
    expect(over).toContain(
      "**tiny\\_2b** finished here, but its peak of 1.14 GiB is more than the host budget's 1000 MiB"
    )
    expect(over).toContain('- tiny\\_2b: peak 1.14 GiB is above the limit (memory minus headroom)')
    const within = renderReport(
      results([modelResult({ name: 'tiny_1b', status: 'at-risk', peakBytes: 980 * 2 ** 20 })], {
        gate: 'fail',
        target
      })
    )
    expect(within).toContain('leaves less than the configured headroom below 1000 MiB')
  })

  it('says an at-risk model caught an OOM and went on, with what ran out', () => {
    const reason = 'ran out of memory on a batch and skipped it: the config does not fit reliably'
    const md = renderReport(
      results(
        [
          modelResult({
            name: 'skipper',
            status: 'at-risk',
            peakBytes: 70 * GiB,
            reason,
            oom: { ...oom, recovered: true }
          })
        ],
        { gate: 'fail' }
      )
    )
    expect(md).toContain(`**skipper** finished, but ${reason}.`)
    expect(md).toContain(
      'It ran out of GPU memory and went on: tried to allocate 2.30 GiB with 0.40 GiB free'
    )
    expect(md).toContain(`- skipper: ${reason}`)
  })

  it('shows base and change columns when there is a baseline', () => {
    const md = renderReport(
      results([
        modelResult({
          peakBytes: gib(71.3),
          baseline: {
            commit: 'c'.repeat(40),
            peakBytes: gib(70.1),
            deltaBytes: Math.round(gib(1.2)),
            deltaRatio: 0.0171,
            regressed: false
          }
        }),
        modelResult({
          name: 'new_model',
          baseline: { commit: null, peakBytes: null, deltaRatio: null, regressed: false, change: 'new' }
        })
      ])
    )
    expect(md).toContain('| Base | Change |')
    expect(md).toContain('| 70.10 GiB | +1.20 GiB (+1.7%) |')
    expect(md).toContain('| — | new |')
  })

  it('escapes config strings and never renders HTML from logs', () => {
    const md = renderReport(
      results(
        [
          modelResult({
            name: 'evil<img src=x onerror=alert(1)>',
            status: 'failed',
            reason: '@everyone </details>',
            logTail: ['<script>x</script>']
          })
        ],
        {
          gate: 'fail'
        }
      )
    )
    expect(md).not.toContain('<img')
    expect(md).not.toContain('@everyone')
    expect(md).toContain('```text\n<script>x</script>\n```')
  })
})
