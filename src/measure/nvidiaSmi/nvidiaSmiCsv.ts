// Cells of nvidia-smi's CSV output (`--format=csv[,noheader][,nounits]`).
// Fields are joined by ", "; memory is integer MiB, with a " MiB" suffix unless `nounits`;
// unavailable values print as `[N/A]`, `[Not Supported]`, `[Unknown Error]`... and are unknown, never 0.

const MIB = 1024 * 1024

export function splitCsvRow(line: string): string[] {
  return line.split(',').map(cell => cell.trim())
}

/** Bytes from a memory cell ("1234", "1234 MiB"); null for bracketed "[N/A]"-style values and garbage. */
export function parseMiBCell(cell: string | undefined): number | null {
  if (cell === undefined) return null
  const match = /^(\d+)(?:\s*MiB)?$/.exec(cell.trim())
  if (!match) return null
  return Number(match[1]) * MIB
}

/** A cell that is present but says the value is unavailable ("[N/A]", "N/A", "[Not Supported]"). */
export function isUnavailableCell(cell: string | undefined): boolean {
  if (cell === undefined) return false
  const text = cell.trim()
  return /^\[[^\]]*\]$/.test(text) || text === 'N/A'
}

export function parseIntCell(cell: string | undefined): number | null {
  if (cell === undefined || !/^\d+$/.test(cell.trim())) return null
  return Number(cell.trim())
}
