// `npm run demo`: sets up what the embedded example needs and runs the gate on it, CPU only.
// The example gates toy Sapiens-like models on host memory; the largest one does not fit at
// patch 16 and does at patch 32, as sapiens_2b did on an 80 GB card.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { ensureSystemPackages, PYTHON3_TORCH, torchPython } from './systemPackages.js'

const CONFIG = 'examples/tiny-normal/oom-gate.yml'
const OUT = 'oom-gate-out/demo'

const ensured = ensureSystemPackages([PYTHON3_TORCH], 'demo', line => console.log(line))
const found = ensured.ok ? torchPython() : null
if (found === null) {
  console.error(ensured.ok ? 'demo: no Python imports torch; set OOM_GATE_PYTHON' : ensured.message)
  process.exit(2)
}
console.log(`demo: using ${found.python} (torch ${found.torchVersion})`)

// A checkout with dev dependencies runs the source, so the demo shows what the code does now;
// an installed package runs its bundle.
const fromSource = existsSync('src/cli.ts') && existsSync('node_modules/tsx')
const cli = fromSource || !existsSync('dist/cli.js') ? ['--import', 'tsx', 'src/cli.ts'] : ['dist/cli.js']
const run = spawnSync(process.execPath, [...cli, 'run', '--config', CONFIG, '--out', OUT], {
  stdio: 'inherit',
  env: { ...process.env, OOM_GATE_PYTHON: found.python }
})
if (run.status === 0 || run.status === 1) {
  console.log(
    `\ndemo: the gate ${run.status === 0 ? 'passed' : 'failed'}; the report is ${OUT}/report.md, the data ${OUT}/results.json`
  )
  if (run.status === 1)
    console.log(
      'demo: a failing gate is the expected outcome here: the largest size does not fit at patch 16.'
    )
  process.exit(0)
}
process.exit(run.status ?? 3)
