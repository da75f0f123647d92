// A history at scale for the history page's bench and its browser test: `commits` commits × four models over
// months, with a few at-risk and OOM commits and alerted regressions scattered through it.
import type { History, HistoryEntry } from '../src/store/history/historyModel.js'

const GiB = 2 ** 30
const memoryBytes = 80 * GiB
const limitBytes = Math.round(memoryBytes * 0.97)

export const SCALE_MODELS = ['sapiens_0_3b', 'sapiens_0_6b', 'sapiens_1b', 'sapiens_2b'] as const

/** Commits whose sapiens_1b point is special: at-risk, OOM, or carrying an alert. */
export function specialCommits(commits: number): { atRisk: number[]; oom: number[]; alerted: number[] } {
  return {
    atRisk: [Math.floor(commits * 0.31), Math.floor(commits * 0.77)],
    oom: [Math.floor(commits * 0.52)],
    alerted: [Math.floor(commits * 0.64)]
  }
}

export function scaleHistory(commits = 3000): History {
  const special = specialCommits(commits)
  const start = Date.UTC(2025, 0, 1)
  const entries: HistoryEntry[] = []
  for (let i = 0; i < commits; i++) {
    const wave = (base: number, k: number) =>
      Math.round((base + Math.sin(i / (37 + k * 11)) * 1.5 + (i / commits) * 4) * GiB)
    const models: HistoryEntry['models'] = {
      sapiens_0_3b: { peakBytes: wave(24, 0), status: 'ok' },
      sapiens_0_6b: { peakBytes: wave(38, 1), status: 'ok' },
      sapiens_1b: { peakBytes: wave(60, 2), status: 'ok' },
      sapiens_2b: { peakBytes: wave(70, 3), status: 'ok' }
    }
    if (special.atRisk.includes(i))
      models.sapiens_1b = { peakBytes: Math.round(78.5 * GiB), status: 'at-risk' }
    if (special.oom.includes(i)) models.sapiens_1b = { peakBytes: Math.round(79.6 * GiB), status: 'oom' }
    if (special.alerted.includes(i)) models.sapiens_1b = { peakBytes: Math.round(70 * GiB), status: 'ok' }
    entries.push({
      commit: (i.toString(16).padStart(6, '0') + 'ab').repeat(5),
      date: new Date(start + i * 3 * 3600_000).toISOString(),
      message: `Commit number ${i}`,
      models,
      memoryBytes,
      limitBytes,
      gpuName: 'NVIDIA A800 80GB PCIe',
      ...(special.alerted.includes(i)
        ? { alert: `https://github.com/acme-ml/vision/commit/x#commitcomment-${i}` }
        : {})
    })
  }
  return { schemaVersion: 1, entries }
}
