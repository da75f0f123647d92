// What the gate does with each line of a smoke run's output, on the fly: learn the masks it
// announces (`::add-mask::`), read the training framework's `memory:` values, redact, and echo it
// to the gate's log prefixed with the model's name. Lines come as a terminal shows them
// (measure/process/runCommand.ts passes terminalText's): a secret split by a colour code is whole
// on screen, so it is whole for the masks and the redaction too, and the echo has no escape codes. The echo goes out in batches, one write per
// chunk the command's pipe delivered (the lines of one chunk arrive in one task; a microtask
// flushes them), so a chatty run costs one write per 64 KiB instead of one per line; the order
// of lines, and of lines against the gate's own progress lines, is kept.
import { addTrainingLogLine, type TrainingLogMemory } from '../judge/trainingLogMemory.js'
import { masksFromLog, redactSecrets } from '../report/redact.js'

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
  /** Writes the lines not yet echoed now (the end of the run; the microtask does it otherwise). */
  flush: () => void
  /** The largest `memory:` value the output showed so far, or null. */
  trainingLog: () => TrainingLogMemory | null
}

export function outputLineHandler(options: OutputLineOptions): OutputLines {
  const { name, secrets, output } = options
  const prefix = `  ${name} | `
  let trainingLog: TrainingLogMemory | null = null
  let pending: string[] = []
  const flush = () => {
    if (pending.length === 0) return
    const text = pending.join('\n')
    pending = []
    output(text)
  }
  return {
    line(line: string) {
      // A value masked with ::add-mask:: is secret from that line on, in the log tail too.
      secrets.push(...masksFromLog(line))
      trainingLog = addTrainingLogLine(trainingLog, line)
      if (pending.length === 0) queueMicrotask(flush)
      pending.push(prefix + redactSecrets(line, secrets))
    },
    flush,
    trainingLog: () => trainingLog
  }
}
