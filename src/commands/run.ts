// `oom-gate run`: measure and judge every model of the config (or a filtered subset).
import { DEFAULT_CONFIG_PATH, UsageError } from '../config/load.js'
import { runPipeline } from '../pipeline.js'
import { secretValuesFromEnv } from '../report/redact.js'
import { gitHead } from './gitHead.js'
import { ensureOutDir, removeIfEmpty } from './outDir.js'
import { parseFlags } from './parseFlags.js'

export const RUN_USAGE = `Usage: oom-gate run [--config PATH] [--model NAME]... [--out DIR] [--estimate-only]

Runs each model's smoke command, measures its peak memory, judges it against the target card,
and writes DIR/results.json and DIR/report.md (default DIR: oom-gate-out).
  --config PATH     config file (default ${DEFAULT_CONFIG_PATH})
  --model NAME      only this model; a name or glob, repeatable; !NAME leaves a model out
  --out DIR         output directory (default oom-gate-out)
  --estimate-only   judge each model from its estimate: block, run nothing (no GPU needed)
Exit codes: 0 gate passed, 1 gate failed (also when the runner's nvidia-smi is broken), 2 usage or
config error, 3 internal error.`

export async function runCommand(
  argv: string[],
  io: { out: (s: string) => void; abort: AbortSignal; hurry?: AbortSignal }
): Promise<number> {
  const { values } = parseFlags(
    'run',
    argv,
    {
      config: { type: 'string', default: DEFAULT_CONFIG_PATH },
      model: { type: 'string', multiple: true, default: [] },
      out: { type: 'string', default: 'oom-gate-out' },
      'estimate-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    },
    { values: { config: 'a config file path', model: 'a model name or glob', out: 'a directory' } }
  )
  if (values.help) {
    io.out(RUN_USAGE)
    return 0
  }
  const blank = values.model.find(name => name.trim() === '')
  if (blank !== undefined)
    throw new UsageError([
      `oom-gate run: --model ${JSON.stringify(blank)}: an empty name matches no model; give a model name or glob, e.g. --model sapiens_1b, or leave --model out to run every model`
    ])
  const created = ensureOutDir(values.out)
  const cwd = process.cwd()
  const { results } = await runPipeline({
    configPath: values.config,
    modelFilters: values.model,
    outDir: values.out,
    estimateOnly: values['estimate-only'],
    repoRoot: cwd,
    env: process.env,
    secrets: secretValuesFromEnv(process.env),
    commit: gitHead(cwd),
    runnerName: process.env.RUNNER_NAME ?? null,
    log: io.out,
    abort: io.abort,
    hurry: io.hurry
  }).catch((error: unknown) => {
    // A config error (exit 2) leaves no empty --out directory behind; what was written stays.
    removeIfEmpty(created)
    throw error
  })
  io.out(
    `oom-gate: gate ${results.gate === 'pass' ? 'passed' : 'FAILED'}; wrote ${values.out}/results.json and ${values.out}/report.md`
  )
  return results.gate === 'pass' ? 0 : 1
}
