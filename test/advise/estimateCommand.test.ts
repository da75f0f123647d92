import { describe, expect, it } from 'vitest'
import { TERM_LABELS } from '../../src/advise/estimate.js'
import { estimateCommand } from '../../src/commands/estimate.js'
import { UsageError } from '../../src/config/load.js'

function run(args: string) {
  const lines: string[] = []
  const code = estimateCommand(args.split(/\s+/).filter(Boolean), t => lines.push(t))
  return { code, text: lines.join('\n') }
}

function usageError(args: string): string {
  try {
    run(args)
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    return (error as UsageError).problems.join('\n')
  }
  throw new Error('expected a usage error')
}

const STORY =
  '--arch sapiens_2b --image 1024x768 --patch 16 --batch 1 --precision fp32 --optimizer adamw --gpu-memory 80GiB'

describe('oom-gate estimate', () => {
  it('prints every breakdown term, the total, the limit and the verdict; exit 1 when it does not fit', () => {
    const { code, text } = run(`${STORY} --attention eager`)
    expect(code).toBe(1)
    for (const label of Object.values(TERM_LABELS)) expect(text).toContain(label)
    expect(text).toMatch(/total\s+\d+\.\d+ GiB/)
    expect(text).toMatch(/limit\s+77\.60 GiB\s+\(80\.00 GiB - 3% headroom\)/)
    expect(text).toMatch(/does not fit: .* over the limit/)
    expect(text).toContain('64 x 48 = 3072 patches')
  })

  it('exits 0 when it fits', () => {
    const { code, text } = run(`${STORY} --patch 32 --attention eager`)
    expect(code).toBe(0)
    expect(text).toMatch(/fits: .* to spare/)
  })

  it('--json prints totalBytes, fits and the breakdown', () => {
    const { code, text } = run(`${STORY} --attention efficient --json`)
    const json = JSON.parse(text)
    expect(code).toBe(0)
    expect(json.fits).toBe(true)
    expect(Number.isInteger(json.totalBytes)).toBe(true)
    expect(Object.values(json.breakdown as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      json.totalBytes
    )
    expect(json.limitBytes).toBe(80 * 2 ** 30 - Math.round(80 * 2 ** 30 * 0.03))
    expect(json.tokens).toBe(3072)
  })

  it('takes custom dims, --headroom as a size, and the other knobs', () => {
    const { code, text } = run(
      '--hidden 1024 --layers 24 --heads 16 --image 512x512 --batch 8 --precision bf16-amp --checkpointing --fsdp 2 --zero-stage 3 --headroom 2GiB --gpu-memory 24GiB --json'
    )
    const json = JSON.parse(text)
    expect(json.limitBytes).toBe(22 * 2 ** 30)
    expect(json.fits).toBe(code === 0)
    expect(json.spec).toMatchObject({ fsdp: 2, checkpointing: true, precision: 'bf16-amp', batch: 8 })
  })

  it('--fixes ranks what would fit', () => {
    const { text } = run(`${STORY} --attention eager --fixes`)
    expect(text).toContain('What would fit (best first):')
    expect(text).toMatch(/1\. fits/)
    expect(text).toMatch(/position embeddings must be interpolated/)
  })

  it('names the flag and the fix for bad input', () => {
    expect(usageError('--arch sapiens_3b --image 1024x768')).toMatch(
      /--arch: unknown architecture "sapiens_3b"; did you mean sapiens_\w+\? known: .*vit_large.*sapiens_0\.3b/
    )
    expect(usageError('--arch sapiens_1b --image 1024')).toMatch(/--image: "1024" is not HEIGHTxWIDTH/)
    expect(usageError('--arch sapiens_1b')).toMatch(/--image: give the input size/)
    expect(usageError('--arch sapiens_1b --image 1024x768 --precision fp8')).toMatch(
      /--precision: "fp8" is not known; .*fp32, fp16-amp, bf16-amp, bf16/
    )
    expect(usageError('--arch sapiens_1b --image 1024x768 --batch two')).toMatch(
      /--batch: "two" is not a positive whole number/
    )
    expect(usageError('--arch sapiens_1b --image 1024x768 --gpu-memory 80')).toMatch(
      /"80" is 80 bytes; write 80GiB/
    )
    expect(usageError('--arch sapiens_1b --image 1024x768 --gpu-memory lots')).toMatch(
      /--gpu-memory: "lots" is not a size/
    )
    expect(usageError('--arch sapiens_1b --image 1024x768 --headroom much')).toMatch(/--headroom: "much"/)
    // As gpu.headroom in the config: a headroom of the whole card leaves a limit of 0 B.
    for (const all of ['100%', '80GiB', '90GiB'])
      expect(usageError(`--arch sapiens_1b --image 1024x768 --headroom ${all}`)).toMatch(
        new RegExp(`--headroom: "${all}" leaves nothing of the 80\\.00 GiB card; write less`)
      )
    expect(usageError('--hidden 1024 --layers 24 --image 1024x768')).toMatch(/--heads: custom dims need/)
    expect(usageError('--arch sapiens_1b --image 1024x768 --zero-stage 4')).toMatch(
      /--zero-stage: "4" is not known/
    )
    expect(usageError('--arch sapiens_1b --image 1024x768 --wat')).toMatch(/oom-gate estimate: .*wat/)
    expect(usageError('--arch bert_large --tokens 4096')).toMatch(/at most 512 tokens/)
    expect(usageError('--image 1024x768')).toMatch(/--arch: give an architecture/)
  })

  it('--help prints the usage and exits 0', () => {
    const { code, text } = run('--help')
    expect(code).toBe(0)
    expect(text).toMatch(/Usage: oom-gate estimate/)
  })

  it('takes the explicit dims, drop path and slack the estimate: block takes', () => {
    const toy =
      '--arch sapiens_2b --hidden 128 --layers 48 --heads 32 --head-channels 48 --image 320x240 --attention eager --keep-grads --optimizer-impl for-loop --cuda-context 225MiB --allocator-slack 0 --gpu-memory 1000MiB --json'
    const out = JSON.parse(run(toy).text) as { totalBytes: number }
    // The same toy as examples/tiny-normal's tiny_2b estimate block: 1132 MiB.
    expect(Math.round(out.totalBytes / 2 ** 20)).toBe(1132)
    const vit = '--hidden 1280 --layers 32 --heads 16 --image 256x192 --padding 2 --batch 64 --json'
    const plain = JSON.parse(run(vit).text) as { breakdown: { layerActivations: number } }
    const dropPath = JSON.parse(run(`${vit} --drop-path`).text) as { breakdown: { layerActivations: number } }
    expect(dropPath.breakdown.layerActivations).toBeGreaterThan(plain.breakdown.layerActivations)
    const byRatio = JSON.parse(run(`${vit} --mlp-ratio 4`).text) as { breakdown: unknown; dims: unknown }
    const bySize = JSON.parse(run(`${vit} --mlp 5120`).text) as { breakdown: unknown; dims: unknown }
    expect([byRatio.breakdown, byRatio.dims]).toEqual([bySize.breakdown, bySize.dims])
    expect(usageError('--arch sapiens_2b --image 1024x768 --head-channels 48')).toMatch(
      /--head-channels: needs --hidden, --layers and --heads too/
    )
    expect(usageError(`${vit} --mlp-ratio four`)).toMatch(/--mlp-ratio: "four" is not a positive number/)
    expect(usageError(`${vit} --allocator-slack lots`)).toMatch(/--allocator-slack: "lots" is not a size/)
  })
})
