// Byte counts in notes, the way nvidia-smi counts them.
export function formatMiB(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`
}
