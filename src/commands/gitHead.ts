import { execFileSync } from 'node:child_process'

/** The commit being measured: GITHUB_SHA in Actions, else the checkout's HEAD, else unknown. */
export function gitHead(cwd: string, env: NodeJS.ProcessEnv = process.env): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    }).trim()
  } catch {
    return env.GITHUB_SHA ?? null
  }
}
