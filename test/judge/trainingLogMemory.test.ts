// mmengine's and mmcv's own `memory:` values (torch.cuda.max_memory_allocated in MiB) read from a
// run's output, on real log lines.
import { describe, expect, it } from 'vitest'
import {
  addTrainingLogLine,
  forEachTrainingLogMemory,
  trainingLogLineMemory,
  trainingLogMemory,
  type TrainingLogMemory
} from '../../src/judge/trainingLogMemory.js'

const MiB = 2 ** 20

// mmengine's own docs, docs/en/common_usage/debug_tricks.md:
// https://github.com/open-mmlab/mmengine/blob/main/docs/en/common_usage/debug_tricks.md
const MMENGINE_LINES = [
  '02/20 14:43:11 - mmengine - INFO - Epoch(train)   [1][ 100/3125]  lr: 1.0000e-01  eta: 6:12:01  time: 0.0149  data_time: 0.0003  memory: 214  loss: 2.0611',
  '02/20 14:43:13 - mmengine - INFO - Epoch(train)   [1][ 200/3125]  lr: 1.0000e-01  eta: 4:23:08  time: 0.0154  data_time: 0.0003  memory: 214  loss: 2.0963',
  '08/18 20:27:22 - mmengine - INFO - Epoch(train) [1][5/5]  lr: 1.0000e-03  eta: 0:00:02  time: 0.4566  data_time: 0.0074  memory: 477  loss: 6.7576'
]

// mmcv 1.x TextLoggerHook (mmcv/runner/hooks/logger/text.py): `Epoch [e][i/n]\t...memory: N, ...`;
// the values are ViTPose-H's (logs/vitpose-h.log.json, "memory": 24462):
// https://github.com/ViTAE-Transformer/ViTPose/blob/main/logs/vitpose-h.log.json
const MMCV_LINE =
  '2022-04-01 10:00:00,000 - mmpose - INFO - Epoch [1][50/293]\tlr: 4.945e-07, eta: 2 days, 1:04:12, time: 0.517, data_time: 0.056, memory: 24462, heatmap_loss: 0.0021, acc_pose: 0.0495, loss: 0.0021, grad_norm: 0.0064'

describe('trainingLogMemory', () => {
  it('takes the largest mmengine value over the run (each line is the peak since the last)', () => {
    const lines = ['Loads checkpoint by local backend', ...MMENGINE_LINES, 'Saving checkpoint at 1 epochs']
    expect(trainingLogMemory(lines)).toEqual({ peakAllocatedBytes: 477 * MiB, source: 'mmengine', lines: 3 })
  })

  it('does not read a value no GPU has as MiB (a hook printing bytes): no crash, no absurd peak', () => {
    // 8589934592 MiB is 2^53 bytes, past what results.json holds exactly; the gate once exited 3
    // on such a line and lost its measurement.
    const bytesAsMib = MMENGINE_LINES[2]!.replace('memory: 477', 'memory: 8589934592')
    const tooLarge = MMENGINE_LINES[2]!.replace('memory: 477', 'memory: 67108865')
    expect(trainingLogLineMemory(bytesAsMib)).toBeNull()
    expect(trainingLogLineMemory(tooLarge)).toBeNull()
    expect(trainingLogLineMemory(MMENGINE_LINES[2]!.replace('memory: 477', 'memory: 67108864'))?.mib).toBe(
      2 ** 26
    )
    const found: number[] = []
    forEachTrainingLogMemory([MMENGINE_LINES[0]!, bytesAsMib, tooLarge].join('\n'), mib => found.push(mib))
    expect(found).toEqual([214])
    expect(trainingLogMemory([bytesAsMib])).toBeNull()
    expect(trainingLogLineMemory(MMCV_LINE.replace('memory: 24462', 'memory: 99999999999'))).toBeNull()
  })

  it('reads the Iter(train) form of an IterBasedTrainLoop run', () => {
    const line =
      '11/29 12:00:00 - mmengine - INFO - Iter(train) [20/20]  base_lr: 5.0000e-04 lr: 2.5e-05  eta: 0:00:00  time: 1.2002  data_time: 0.0101  memory: 48213  loss: 1.2345'
    expect(trainingLogLineMemory(line)).toEqual({ mib: 48213, source: 'mmengine' })
  })

  it('reads mmcv 1.x text logs', () => {
    expect(trainingLogMemory([MMCV_LINE])).toEqual({
      peakAllocatedBytes: 24462 * MiB,
      source: 'mmcv',
      lines: 1
    })
  })

  it('ignores lines that only mention memory', () => {
    for (const line of [
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB',
      'memory: 123',
      'GPU memory: 80 GiB',
      'Epoch(train) [1][10/20]  lr: 1e-3  loss: 0.5'
    ]) {
      expect(trainingLogLineMemory(line)).toBeNull()
    }
    expect(trainingLogMemory([])).toBeNull()
  })

  it('folds line by line without state of its own', () => {
    let acc: TrainingLogMemory | null = null
    for (const line of [MMENGINE_LINES[2]!, MMENGINE_LINES[0]!]) acc = addTrainingLogLine(acc, line)
    expect(acc).toEqual({ peakAllocatedBytes: 477 * MiB, source: 'mmengine', lines: 2 })
  })

  it('reads a block of lines at once exactly as it reads each line', () => {
    // Lines whose parts could join across a newline if the block's search let them: a tag at
    // the end of one line and the counters or the value on the next, a value at the very end,
    // two values on one line (the first counts, once), and the mmcv form among mmengine lines.
    const tricky = [
      '10/01 00:00:00 - mmengine - INFO - Epoch(train)',
      '[1][10/20]  lr: 1e-3  memory: 100  loss: 0.5',
      '10/01 00:00:01 - mmengine - INFO - Epoch(train) [1][10/20]  lr: 1e-3 ',
      'memory: 200',
      '10/01 00:00:02 - mmengine - INFO - Iter(val) [ 3/9]  time: 0.1  memory: 300',
      '10/01 00:00:03 - mmengine - INFO - Epoch(train) [2][1/20]  memory: 400  then Epoch(train) [2][2/20]  memory: 999',
      '10/01 00:00:04 - mmengine - INFO - Epoch(train) [2][3/20]  memory: 5x6  memory: 500',
      '',
      'Epoch(test) [1/2]\tmemory: 600\u2028memory: 601',
      'GPU memory: 80 GiB'
    ]
    const perLine = (lines: string[]) =>
      lines.flatMap(line => {
        const found = trainingLogLineMemory(line)
        return found ? [[found.mib, found.source]] : []
      })
    const perBlock = (lines: string[]) => {
      const out: [number, string][] = []
      forEachTrainingLogMemory(lines.join('\n'), (mib, source) => out.push([mib, source]))
      return out
    }
    const blocks = [
      tricky,
      [...MMENGINE_LINES, ...tricky],
      [...tricky, MMCV_LINE],
      [MMCV_LINE, ...MMENGINE_LINES]
    ]
    for (const lines of blocks) expect(perBlock(lines)).toEqual(perLine(lines))
    expect(perLine(tricky).length).toBeGreaterThan(2)
  })
})
