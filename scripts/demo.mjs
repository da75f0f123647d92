#!/usr/bin/env node
// `npm run demo`: sets up what the embedded example needs and runs the gate on it, CPU only.
// The example gates toy Sapiens-like models on host memory; the largest one does not fit at
// patch 16 and does at patch 32, as sapiens_2b did on an 80 GB card.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CONFIG = 'examples/tiny-normal/oom-gate.yml'
const OUT = 'oom-gate-out/demo'

function torchPython() {
  const candidates = [process.env.OOM_GATE_PYTHON, 'python3', 'python', '/usr/bin/python3'].filter(Boolean)
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' })
    if (probe.status === 0) return { python, version: probe.stdout.trim() }
  }
  return null
}

let found = torchPython()
if (!found) {
  // Debian's python3-torch installs for /usr/bin/python3 (about a minute).
  console.log('demo: no Python with PyTorch found; installing Debian package python3-torch')
  const sudo = process.getuid?.() === 0 ? [] : ['sudo']
  const apt = (...args) =>
    execFileSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), ...args], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    })
  try {
    apt('update', '-qq')
    apt('install', '-y', '-qq', '--no-install-recommends', 'python3-torch')
  } catch {
    console.error(
      'demo: could not install python3-torch; install PyTorch and set OOM_GATE_PYTHON to its python'
    )
    process.exit(2)
  }
  found = torchPython()
  if (!found) {
    console.error('demo: python3-torch installed but no interpreter imports torch; set OOM_GATE_PYTHON')
    process.exit(2)
  }
}
console.log(`demo: using ${found.python} (torch ${found.version})`)

// A checkout with dev dependencies runs the source, so the demo shows what the code does now
// (dist/ is rebuilt only on release); an installed package runs its bundle.
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
