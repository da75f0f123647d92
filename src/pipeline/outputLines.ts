// What the gate does with each line of a smoke run's output, on the fly: learn the masks it
// announces (`::add-mask::`), read the training framework's `memory:` values, redact, and echo it
// to the gate's log prefixed with the model's name. Lines come as a terminal shows them
// (measure/process/runCommand.ts passes terminalText's): a secret split by a colour code is whole
// on screen, so it is whole for the masks and the redaction too, and the echo has no escape codes. The echo goes out in batches, one write per
// chunk the command's pipe delivered (the lines of one chunk arrive in one task; a microtask
// flushes them), so a chatty run costs one write per 64 KiB instead of one per line; the order
// of lines, and of lines against the gate's own progress lines, is kept.
// The lines come a block at a time (lineSplitter.ts), and each question is first asked of the
// block's whole text: one scan finds that no line of it announces a mask, names a `memory:` value
// or could hold a secret, which is nearly every block of a training log. Such a block, when its
// lines are exactly its text's, is echoed by prefixing each newline of the text, without a
// string per line.
import {
  forEachTrainingLogMemory,
  trainingLogLineMemory,
  type TrainingLogMemory,
  type TrainingLogSource
} from '../judge/trainingLogMemory.js'
import { LineBlock } from '../measure/process/lineSplitter.js'
import {
  announcesMask,
  masksFromLog,
  mayHoldSecret,
  redactLines,
  type KeyBlockState
} from '../report/redact.js'

export interface OutputLineOptions {
  /** The model's name, the prefix of its echoed lines. */
  name: string
  /** Known secret values; the masks the output announces are added to it as they come. */
  secrets: string[]
  /** Writes a batch of echoed lines, joined by newlines (no trailing newline). */
  output: (text: string) => void
}

export interface OutputLines {
  /** One line of the command's output as a terminal shows it (terminalText.ts), without its newline. */
  line: (line: string) => void
  /** The lines of one chunk of the command's output, as startCommand hands them on. */
  lines: (block: LineBlock) => void
  /** Writes the lines not yet echoed now (the end of the run; the microtask does it otherwise). */
  flush: () => void
  /** The largest `memory:` value the output showed so far, or null. */
  trainingLog: () => TrainingLogMemory | null
}

export function outputLineHandler(options: OutputLineOptions): OutputLines {
  const { name, secrets, output } = options
  const prefix = `  ${name} | `
  const newlinePrefix = `\n${prefix}`
  const known = new Set(secrets)
  let trainingLog: TrainingLogMemory | null = null
  let pending: string[] = []
  const flush = () => {
    if (pending.length === 0) return
    const text = pending.join('\n')
    pending = []
    output(text)
  }
  const addValue = (mib: number, source: TrainingLogSource) => {
    const bytes = mib * 2 ** 20
    if (trainingLog === null) trainingLog = { peakAllocatedBytes: bytes, source, lines: 1 }
    else {
      trainingLog.peakAllocatedBytes = Math.max(trainingLog.peakAllocatedBytes, bytes)
      trainingLog.lines++
    }
  }
  const readTrainingLog = (block: LineBlock) => {
    if (block.exact) {
      forEachTrainingLogMemory(block.text, addValue)
      return
    }
    for (const line of block.lines) {
      const found = trainingLogLineMemory(line)
      if (found) addValue(found.mib, found.source)
    }
  }
  // A private key printed over several lines: its body lines hold no hint, so inside its block
  // every line takes the slow path (redact.ts redactLines).
  const keyState: KeyBlockState = { inKey: false, lines: 0 }
  const echo = (block: LineBlock): string => {
    if (!keyState.inKey && !mayHoldSecret(block.text, secrets)) {
      return block.exact
        ? prefix + block.text.replaceAll('\n', newlinePrefix)
        : prefix + block.lines.join(newlinePrefix)
    }
    const masks = announcesMask(block.text)
    const out: string[] = []
    for (const line of block.lines) {
      // A value masked with ::add-mask:: is secret from that line on, in the log tail too. Once:
      // a run announcing the same mask on every line must not grow the list it redacts with.
      for (const mask of masks ? masksFromLog(line) : []) {
        if (known.has(mask)) continue
        known.add(mask)
        secrets.push(mask)
      }
      out.push(prefix + redactLines([line], secrets, keyState)[0]!)
    }
    return out.join('\n')
  }
  const lines = (block: LineBlock) => {
    readTrainingLog(block)
    if (pending.length === 0) queueMicrotask(flush)
    pending.push(echo(block))
  }
  return {
    line: line => lines(LineBlock.of(line)),
    lines,
    flush,
    trainingLog: () => (trainingLog === null ? null : { ...trainingLog })
  }
}
