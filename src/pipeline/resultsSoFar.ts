// What results.json holds while the gate runs: the models judged so far, the ones being measured
// with their last live reading, and the run's header (notes, runner error, torch version). The
// pipeline writes `snapshot()` after every change, and at a stop signal (SIGINT/SIGTERM, contract 6)
// the same snapshot is what results.json and report.md say: read it here, in one place.
import type { ModelConfig } from '../config/schema.js'
import { interruptedSoFar, type LiveReading } from '../judge/interruptedSoFar.js'
import type { MeasuredModel } from '../measure/runModels.js'
import type { ModelResultInput, ResultsInput, RunnerError } from '../results.js'

export class ResultsSoFar {
  private readonly done: ModelResultInput[] = []
  private readonly live = new Map<string, { model: ModelConfig; reading: LiveReading | null }>()

  /**
   * `header`: results.json without its models (they are kept here); `order`: the config's models,
   * the order results.json lists them in whatever order they finished; `stopping`: whether the gate
   * has been asked to stop, from which point the models still running are written as interrupted.
   */
  constructor(
    private readonly header: ResultsInput,
    private readonly order: readonly ModelConfig[],
    private readonly stopping: () => boolean
  ) {}

  /** A result that needed no run (reused, filtered out, not run, estimated, traced). */
  add(...results: ModelResultInput[]): void {
    this.done.push(...results)
  }

  /** A model's run started: until it finishes it is listed, at a stop, with its last reading. */
  modelStarted(model: ModelConfig): void {
    this.live.set(model.name, { model, reading: null })
  }

  /** A live reading of a running model (unthrottled): the last one is its peak so far. */
  sample(name: string, reading: LiveReading): void {
    const run = this.live.get(name)
    if (run) run.reading = reading
  }

  /** A model's verdict: it replaces the running entry; the first torch version seen is the run's. */
  modelFinished({ result, torchVersion }: MeasuredModel): void {
    const runner = this.header.runner
    if (runner && !runner.torchVersion) runner.torchVersion = torchVersion
    this.live.delete(result.name)
    this.done.push(result)
  }

  /** The verdict of a model, if it has one. */
  result(name: string): ModelResultInput | undefined {
    return this.done.find(r => r.name === name)
  }

  /** Replaces a model's verdict (its trace added after the run). */
  replace(result: ModelResultInput): void {
    const at = this.done.findIndex(r => r.name === result.name)
    if (at >= 0) this.done[at] = result
  }

  /** A fact about the whole run for results.json's notes. */
  note(text: string): void {
    this.header.notes = [...(this.header.notes ?? []), text]
  }

  /** nvidia-smi broke during the run: the first such error is the run's. */
  runnerError(error: RunnerError): void {
    this.header.runnerError ??= error
  }

  /**
   * What results.json holds now, models in config order. Once the gate is stopping, each model
   * still running is written as interrupted with its peak so far (judge/interruptedSoFar.ts), so a
   * SIGKILL that follows the stop signal (docker stop, Kubernetes, systemd: 10 s) loses nothing
   * measured; its final measurement replaces that entry when the gate lives to write it.
   */
  snapshot(): ResultsInput {
    const running = this.stopping()
      ? [...this.live.values()]
          .filter(l => !this.done.some(r => r.name === l.model.name))
          .map(l => interruptedSoFar(l.model, l.reading))
      : []
    const all = [...this.done, ...running]
    return { ...this.header, models: this.order.flatMap(m => all.filter(r => r.name === m.name)) }
  }
}
