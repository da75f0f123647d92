// A history of a repository with three models over twelve commits, for the page and badge tests:
// one model grows until it no longer fits, one is flat, one was added later.
import type { History, HistoryEntry } from '../../src/store/history/historyModel.js'

const GiB = 2 ** 30
const memoryBytes = 80 * GiB
const limitBytes = Math.round(memoryBytes * 0.97)

function sha(i: number): string {
  return (i.toString(16).padStart(2, '0') + 'c0ffee').repeat(5).slice(0, 40)
}

export const MESSAGES = [
  'Add sapiens_1b normal fine-tune smoke config',
  'Bump mmengine to 0.10.4',
  'Enable drop path in the 1b backbone',
  'Normal head: upsample with 768 channels',
  'Merge pull request #41 from lab/feature/aug',
  'Raise the crop size to 1024x768',
  'Add sapiens_2b at patch 32',
  'Fix <script> escaping in dataset names & "quotes"',
  'Batch 2 per GPU for the 1b config',
  'Revert "Batch 2 per GPU for the 1b config"',
  'Use SDPA attention everywhere',
  'Switch the 2b config to patch 16'
]

const peaks1b = [61.2, 61.2, 62.0, 66.4, 66.4, 70.9, 70.9, 71.0, 79.1, 71.0, 68.3, 68.3]

export function historyFixture(): History {
  const entries: HistoryEntry[] = MESSAGES.map((message, i) => {
    const models: HistoryEntry['models'] = {
      sapiens_0_3b: { peakBytes: Math.round(24.5 * GiB + i * 0.01 * GiB), status: 'ok' },
      sapiens_1b: {
        peakBytes: Math.round(peaks1b[i]! * GiB),
        status: peaks1b[i]! * GiB > limitBytes ? 'at-risk' : 'ok'
      }
    }
    if (i >= 6) {
      models['sapiens_2b'] =
        i === 11
          ? { peakBytes: Math.round(79.4 * GiB), status: 'oom' }
          : { peakBytes: Math.round(74.2 * GiB), status: 'ok' }
    }
    return {
      commit: sha(i + 1),
      date: new Date(Date.UTC(2025, 2, 3 + i * 2, 9 + i, 30)).toISOString(),
      message,
      models,
      memoryBytes,
      limitBytes,
      gpuName: 'NVIDIA A800 80GB PCIe'
    }
  })
  return { schemaVersion: 1, entries }
}
