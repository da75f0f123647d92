import { describe, expect, it } from 'vitest'
import { ESTIMATE_KEYS, EstimateSpecSchema } from '../../src/config/estimateSpec.js'
import { parseConfig } from '../../src/config/load.js'
import { KNOWN_KEYS } from '../../src/config/schema.js'

describe('the estimate: block of the config', () => {
  it('lists the same keys for "did you mean" hints as the schema accepts', () => {
    const shape = Object.keys(
      (EstimateSpecSchema as unknown as { shape: Record<string, unknown> }).shape ?? {}
    )
    const schemaKeys = shape.length > 0 ? shape : [...ESTIMATE_KEYS]
    expect([...KNOWN_KEYS['models.*.estimate']!].sort()).toEqual([...ESTIMATE_KEYS].sort())
    expect([...schemaKeys].sort()).toEqual([...ESTIMATE_KEYS].sort())
  })

  it('parses in a config with the new keys and suggests the closest key for a typo', () => {
    const config = parseConfig(
      [
        'models:',
        '  - name: sapiens_2b',
        '    run: python train.py',
        '    estimate: {arch: sapiens_2b, image: 1024x768, attention: eager, keep-grads: true, cuda-context: 1GiB, grad-accumulation: 2}'
      ].join('\n'),
      'oom-gate.yml'
    )
    expect(config.models[0]!.estimate).toMatchObject({
      arch: 'sapiens_2b',
      'cuda-context': 2 ** 30,
      'grad-accumulation': 2
    })
    expect(() =>
      parseConfig(
        [
          'models:',
          '  - name: m',
          '    run: x',
          '    estimate: {arch: sapiens_2b, image: 1024x768, keep-grad: true}'
        ].join('\n'),
        'oom-gate.yml'
      )
    ).toThrow(/keep-grad: unknown key; did you mean "keep-grads"\?/)
  })
})
