// The pipeline summarises the memory snapshot the torch probe dumped (measure/ only reads the probe
// records; the snapshot file is read and summarised at the pipeline level): a real process under
// the probe, against the fake torch.cuda of test/probe/scripts/fake_cuda_history.py, on the fake
// nvidia-smi runner, comes back with the snapshot's summary on its result.
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { torchPython } from '../probe/helpers.js'
import { execute, fakeRunner, quoted, writeConfig } from '../scale/helpers.js'

const script = fileURLToPath(new URL('../probe/scripts/fake_cuda_history.py', import.meta.url))

afterEach(() => vi.unstubAllEnvs())

describe('memory snapshots through runModels and judgedRuns', () => {
  it('attaches the summary of the snapshot an OOM run dumped, with its files under runs/<model>', async () => {
    fakeRunner(1)
    const config = writeConfig(`gpu: {memory: 80GiB}
measure: {sampler: torch, interval: 50ms, snapshot: on-failure}
models:
  - name: snap
    run: ${quoted(`${torchPython()} ${script} oom`)}
    env: {FAKE_TORCH_API: "2.1"}
`)
    const { results } = await execute(config)
    const [result] = results
    expect(result!.status).toBe('oom')
    expect(result!.snapshot).toMatchObject({ reason: 'oom', moment: 'oom' })
    expect(result!.snapshot!.files).toEqual([
      expect.stringMatching(/^runs\/snap\/snapshot\/\d+\.pickle$/),
      expect.stringMatching(/^runs\/snap\/snapshot\/\d+\.json$/)
    ])
  }, 60_000)
})
