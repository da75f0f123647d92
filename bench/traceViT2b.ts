// `oom-gate trace` of a 2-billion-parameter ViT (48 layers, h=1920, 32 heads, 1024x768 at patch
// 16 = 3072 tokens, fp32 AdamW, 2 steps) on meta tensors, under each torch the tests use: the
// whole command's wall time (Python start, torch import, build, loop) against the 10 s target
// on the 2-core CI machine, and the tracer's own time (traceMs).
import { existsSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { formatBytes } from '../src/config/units.js'
import { findTorchPython } from '../src/measure/probe/findPython.js'
import { runTrace } from '../src/trace/runTrace.js'
import type { Bench, BenchRow } from './benchRow.js'

const REPO = fileURLToPath(new URL('..', import.meta.url))
const TORCH2_PYTHON = fileURLToPath(new URL('../scripts/torch2-python.sh', import.meta.url))
const TORCH2_ROOT = process.env.OOM_GATE_TORCH2_ROOT || '/var/cache/oom-gate/torch2-root'
const TARGET_MS = 10_000

const REQUEST = {
  entry: 'test/trace/builders/vit.py:build',
  batch: 1,
  args: { dim: 1920, depth: 48, heads: 32, patch: 16, height: 1024, width: 768 },
  cwd: REPO
}

async function row(label: string, python: string): Promise<BenchRow> {
  const started = performance.now()
  const outcome = await runTrace(REQUEST, { python })
  const wallMs = performance.now() - started
  const name = `2B ViT trace, ${label}`
  if (!outcome.ok)
    return {
      name,
      value: 'failed',
      target: '< 10 s',
      met: false,
      detail: `exit ${outcome.exitCode}: ${outcome.message}`
    }
  const r = outcome.result
  return {
    name,
    value: `${(wallMs / 1000).toFixed(1)} s`,
    target: '< 10 s',
    met: wallMs < TARGET_MS,
    detail:
      `torch ${r.torch}: ${(r.parameters / 1e9).toFixed(2)} B parameters, ${r.ops} ops traced in ${((r.traceMs ?? 0) / 1000).toFixed(1)} s, ` +
      `${((r.cpuMs ?? 0) / 1000).toFixed(1)} s of CPU (torch's import included; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores); allocated peak ${formatBytes(r.allocatedPeakBytes)}, reserved ${formatBytes(r.reservedPeakBytes)}, ` +
      `in ${r.peakPhase} of step ${r.peakIteration}`
  }
}

export const traceViT2b: Bench = async () => {
  const rows: BenchRow[] = []
  const debian = findTorchPython({ ...process.env, OOM_GATE_PYTHON: '' })
  if (debian === null)
    rows.push({
      name: '2B ViT trace, torch 1.x',
      value: 'not measured',
      target: '< 10 s',
      met: false,
      detail: 'no Python with torch'
    })
  else rows.push(await row(`torch ${debian.torchVersion}`, debian.python))
  if (!existsSync(`${TORCH2_ROOT}/usr/bin/python3`))
    rows.push({
      name: '2B ViT trace, torch 2.x',
      value: 'not measured',
      target: '< 10 s',
      met: false,
      detail: `no torch 2 root at ${TORCH2_ROOT} (npm run pretest builds it)`
    })
  else rows.push(await row('torch 2.x (trixie root)', TORCH2_PYTHON))
  return rows
}
