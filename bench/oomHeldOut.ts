// OOM explainer accuracy on the held-out corpus (test/fixtures/oom/held-out/): real messages from
// public issues, split off by a fixed hash of their link before the classifier was tuned, and not
// developed against. Printed as ratios: kind right, and every stated number right (±0.5%).
// The development corpus's figures are printed beside them for context.
import type { Bench } from './benchRow.js'
import { CORPUS_DIR, HELD_OUT_DIR, loadCorpus, scoreCorpus, type CorpusScore } from './oomCorpus.js'

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`

export const oomHeldOut: Bench = async () => {
  const held = scoreCorpus(loadCorpus(HELD_OUT_DIR))
  const dev = scoreCorpus(loadCorpus(CORPUS_DIR))
  const misses = (s: CorpusScore) => (s.misses.length === 0 ? 'no misses' : `misses: ${s.misses.join('; ')}`)
  return [
    {
      name: 'OOM explainer, held-out kind accuracy',
      value: `${held.kindRight}/${held.entries} = ${pct(held.kindRight, held.entries)}`,
      target: '>= 95%',
      met: held.kindRight / held.entries >= 0.95,
      detail: `gpu-oom / host-oom / not-oom (and recovered, for an OOM the run caught) on ${held.entries} held-out real logs; ${misses(held)}`
    },
    {
      name: 'OOM explainer, held-out stated numbers exact (±0.5%)',
      value: `${held.numbersRight}/${held.entries} = ${pct(held.numbersRight, held.entries)}`,
      target: '>= 90%',
      met: held.numbersRight / held.entries >= 0.9,
      detail:
        'an entry counts when all six numbers (GPU index, tried, total, free, allocated, reserved) match its label, null for null'
    },
    {
      name: 'OOM explainer, false OOMs on look-alikes (held-out and development)',
      value: `${held.falseOoms + dev.falseOoms}/${held.lookalikes + dev.lookalikes}`,
      target: '0',
      met: held.falseOoms + dev.falseOoms === 0,
      detail:
        'real errors that only mention memory (illegal access, NCCL timeouts, Slurm time limits, TensorRT tactic warnings, TensorFlow "not a failure", autotuner out of resources, memory: progress lines), each read with its stated exit status'
    },
    {
      name: 'OOM explainer, development corpus (context)',
      value: `kind ${pct(dev.kindRight, dev.entries)}, numbers ${pct(dev.numbersRight, dev.entries)} of ${dev.entries}`,
      target: null,
      met: null,
      detail: misses(dev)
    }
  ]
}
