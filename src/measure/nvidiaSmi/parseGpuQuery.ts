// Rows of `nvidia-smi --query-gpu=index,uuid,name,memory.total,memory.used,driver_version --format=csv...`.
import type { GpuInfo } from '../../results.js'
import { parseIntCell, parseMiBCell, splitCsvRow } from './nvidiaSmiCsv.js'

export const GPU_QUERY_FIELDS = 'index,uuid,name,memory.total,memory.used,driver_version'

export type GpuQueryLine =
  { kind: 'row'; gpu: GpuInfo } | { kind: 'header' } | { kind: 'blank' } | { kind: 'stray'; text: string }

export function parseGpuQueryLine(line: string): GpuQueryLine {
  const text = line.trim()
  if (text === '') return { kind: 'blank' }
  const cells = splitCsvRow(text)
  if (cells[0] === 'index') return { kind: 'header' }
  if (cells.length < 6) return { kind: 'stray', text }
  const index = parseIntCell(cells[0])
  const uuid = cells[1] ?? ''
  if (index === null || !/^GPU-[\w-]+$/.test(uuid)) return { kind: 'stray', text }
  // A name could hold a comma: it is everything between the uuid and the last three fields.
  const tail = cells.slice(-3)
  const name = cells.slice(2, -3).join(', ')
  const driver = tail[2] ?? ''
  return {
    kind: 'row',
    gpu: {
      index,
      uuid,
      name: name === '' || name.startsWith('[') ? null : name,
      memoryTotalBytes: parseMiBCell(tail[0]),
      memoryUsedBytes: parseMiBCell(tail[1]),
      driver: driver === '' || driver.startsWith('[') ? null : driver
    }
  }
}

/** All GPU rows of a one-shot query's output (header, stray lines ignored). */
export function parseGpuQuery(stdout: string): GpuInfo[] {
  const gpus: GpuInfo[] = []
  for (const line of stdout.split('\n')) {
    const parsed = parseGpuQueryLine(line)
    if (parsed.kind === 'row') gpus.push(parsed.gpu)
  }
  return gpus
}
