import { describe, expect, it } from 'vitest'
import { ARCHITECTURE_NAMES, ARCHITECTURES, findArchitecture } from '../../src/advise/architectures.js'
import { estimatePeak } from '../../src/advise/estimate.js'
import { EstimateSpecSchema, type EstimateSpecInput } from '../../src/config/estimateSpec.js'

const params = (spec: EstimateSpecInput) => estimatePeak(EstimateSpecSchema.parse(spec)).params

describe('architectures table', () => {
  it('has the ViT and Sapiens sizes with the shapes of their sources', () => {
    const shape = (n: string) => {
      const a = ARCHITECTURES[n]!
      return [a.hidden, a.layers, a.heads, a.mlp]
    }
    expect(shape('vit_base')).toEqual([768, 12, 12, 3072])
    expect(shape('vit_large')).toEqual([1024, 24, 16, 4096])
    expect(shape('vit_huge')).toEqual([1280, 32, 16, 5120])
    expect(shape('vit_giant')).toEqual([1408, 40, 16, 6144])
    expect(shape('sapiens_0.3b')).toEqual([1024, 24, 16, 4096])
    expect(shape('sapiens_0.6b')).toEqual([1280, 32, 16, 5120])
    expect(shape('sapiens_1b')).toEqual([1536, 40, 24, 6144])
    expect(shape('sapiens_2b')).toEqual([1920, 48, 32, 7680])
    for (const n of ['sapiens_0.3b', 'sapiens_0.6b', 'sapiens_1b', 'sapiens_2b']) {
      expect(ARCHITECTURES[n]).toMatchObject({
        padding: 2,
        clsToken: false,
        head: 'sapiens-normal',
        patch: 16
      })
    }
  })

  it('finds names case-insensitively and lists every name', () => {
    expect(findArchitecture('Sapiens_2B')?.name).toBe('sapiens_2b')
    expect(findArchitecture('sapiens_3b')).toBeUndefined()
    expect(ARCHITECTURE_NAMES).toContain('vit_giant')
  })

  it('smaller siblings stay in the family and end at the smallest', () => {
    expect(ARCHITECTURES['sapiens_2b']!.smaller).toBe('sapiens_1b')
    expect(ARCHITECTURES['sapiens_0.3b']!.smaller).toBeNull()
  })
})

describe('parameter counts', () => {
  // torchvision.models vision_transformer.py weights meta "num_params" (1000-class head included).
  const head1000 = (h: number) => h * 1000 + 1000
  it.each([
    ['vit_base', 16, 86567656],
    ['vit_base', 32, 88224232],
    ['vit_large', 16, 304326632],
    ['vit_large', 32, 306535400],
    ['vit_huge', 14, 632045800]
  ])('%s/%d at 224px matches torchvision (%d)', (arch, patch, expected) => {
    const backbone = params({ arch, image: '224x224', patch })
    expect(backbone + head1000(ARCHITECTURES[arch]!.hidden)).toBe(expected)
  })

  // docs/design.md reference facts: backbones with the VitNormalHead, 1024x768 at patch 16.
  it.each([
    ['sapiens_0.3b', '0.339'],
    ['sapiens_0.6b', '0.671'],
    ['sapiens_1b', '1.179'],
    ['sapiens_2b', '2.176']
  ])('%s with its normal head has %s B parameters', (arch, billions) => {
    expect((params({ arch, image: '1024x768' }) / 1e9).toFixed(3)).toBe(billions)
  })

  it('BERT-large and BERT-base match their published sizes (335M, 110M)', () => {
    expect(params({ arch: 'bert_large', tokens: 512 })).toBe(335141888)
    expect(Math.abs(params({ arch: 'bert_base', tokens: 128 }) / 110e6 - 1)).toBeLessThan(0.01)
  })
})
