// Polls a condition until it holds or the time is up; conditions, not fixed sleeps.
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  pollMs = 50
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await condition()) return true
    const left = deadline - Date.now()
    if (left <= 0) return false
    await new Promise(resolve => setTimeout(resolve, Math.min(pollMs, left)))
  }
}
