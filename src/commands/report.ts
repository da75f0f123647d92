// `oom-gate report`: merge the results.json of several `run`s (matrix jobs) and judge them.
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_CONFIG_PATH, loadConfig, UsageError } from '../config/load.js'
import type { Config } from '../config/schema.js'
import { gateOf } from '../judge/gate.js'
import { mergeResults } from '../judge/mergeResults.js'
import { renderComment } from '../report/renderComment.js'
import { renderReport } from '../report/renderReport.js'
import { workflowRunUrl } from '../environment.js'
import type { Results } from '../results.js'
import { globPaths } from '../store/globPaths.js'
import { readResults, RESULTS_FILE, writeReport, writeResults } from '../store/resultsFile.js'
import { ensureOutDir, removeIfEmpty } from './outDir.js'
import { parseFlags } from './parseFlags.js'

export const REPORT_USAGE = `Usage: oom-gate report [--config PATH] --results DIR... [--out DIR]

Merges the results.json of several oom-gate runs (one per matrix job), judges them against the
config's full model list, and writes DIR/results.json and DIR/report.md (default oom-gate-out).
  --config PATH      config file (default ${DEFAULT_CONFIG_PATH})
  --results DIR...   directories holding results.json (or the files themselves, or globs):
                     --results a b, or --results a --results b
  --out DIR          output directory (default oom-gate-out)
Exit codes: 0 gate passed, 1 gate failed, 2 usage or config error, 3 internal error.`

export async function reportCommand(argv: string[], io: { out: (s: string) => void }): Promise<number> {
  const { values } = parseFlags(
    'report',
    argv,
    {
      config: { type: 'string', default: DEFAULT_CONFIG_PATH },
      results: { type: 'string', multiple: true, default: [] },
      out: { type: 'string', default: 'oom-gate-out' },
      help: { type: 'boolean', short: 'h', default: false }
    },
    { variadic: ['results'] }
  )
  if (values.help) {
    io.out(REPORT_USAGE)
    return 0
  }
  const created = ensureOutDir(values.out)
  let merged: ReturnType<typeof mergeResultDirs>
  try {
    merged = mergeResultDirs(values.config, values.results, values.out)
  } catch (error) {
    // A config or usage error leaves no empty --out directory behind.
    removeIfEmpty(created)
    throw error
  }
  const { results } = merged
  io.out(
    `oom-gate: merged ${results.models.length} models; gate ${results.gate === 'pass' ? 'passed' : 'FAILED'}`
  )
  return results.gate === 'pass' ? 0 : 1
}

/** Shared by the CLI and `mode: report`: find, read, merge, write. */
export function mergeResultDirs(
  /** The loaded config (the action loads it once per run), or the path of the file to load. */
  config: Config | string,
  patterns: string[],
  outDir: string,
  /** Baseline comparison (history), applied before the gate is decided. */
  compare?: (results: Results, config: Config) => Results
): { results: Results; reportMarkdown: string; summaryMarkdown: string } {
  if (typeof config === 'string') config = loadConfig(config)
  const paths = findResultFiles(patterns)
  let merged = mergeResults(
    config,
    paths.map(path => ({ path, results: readResults(path) }))
  )
  if (compare) {
    const compared = compare(merged, config)
    merged = { ...compared, gate: gateOf(compared.models) }
  }
  const results = writeResults(outDir, merged)
  const documents = { runUrl: workflowRunUrl(process.env) }
  const reportMarkdown = renderComment(results, documents)
  const summaryMarkdown = renderReport(results, documents)
  writeReport(outDir, reportMarkdown, summaryMarkdown)
  return { results, reportMarkdown, summaryMarkdown }
}

/** results.json files named by directories, files or globs, each found once. */
export function findResultFiles(patterns: string[]): string[] {
  if (patterns.length === 0)
    throw new UsageError(['oom-gate report: --results DIR is required (a directory holding results.json)'])
  const found: string[] = []
  for (const pattern of patterns
    .flatMap(p => p.split(/\n/))
    .map(p => p.trim())
    .filter(Boolean)) {
    const matches = /[*?[{]/.test(pattern) ? globPaths(pattern) : [pattern]
    const files = matches.flatMap(m => resultFilesUnder(m))
    if (files.length === 0) throw new UsageError([`--results ${pattern}: no ${RESULTS_FILE} there`])
    found.push(...files)
  }
  return [...new Set(found)]
}

function resultFilesUnder(path: string): string[] {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  const direct = join(path, RESULTS_FILE)
  if (existsSync(direct)) return [direct]
  // download-artifact without merge-multiple puts each artifact in its own folder.
  return globPaths(`${path}/*/${RESULTS_FILE}`)
}
