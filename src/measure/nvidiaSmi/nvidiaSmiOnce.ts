// One bounded nvidia-smi invocation. nvidia-smi can be missing, fail (NVML errors) or hang in the
// driver, so this never throws and always settles by timeoutMs, even if the process cannot be killed.
// A failure says whether nvidia-smi is absent (not a GPU runner) or present and broken (a runner
// error, classified by runnerHealth.ts); warnings before valid rows (infoROM) come back with them.
import { spawn } from 'node:child_process'
import type { RunnerError } from '../../results.js'
import { nvidiaSmiCommand } from './nvidiaSmiCommand.js'
import { classifyNvidiaSmi } from './runnerHealth.js'

export type NvidiaSmiResult =
  | { ok: true; stdout: string; warnings: string[] }
  | {
      ok: false
      error: string
      /** No nvidia-smi at all (ENOENT): a runner without NVIDIA GPUs, not a broken one. */
      missing: boolean
      /** Present and failing or hung; null when missing. */
      runnerError: RunnerError | null
    }

const MAX_OUTPUT = 1024 * 1024

export function nvidiaSmiOnce(args: string[], timeoutMs: number): Promise<NvidiaSmiResult> {
  return new Promise(resolve => {
    let settled = false
    let stdout = ''
    let stderr = ''
    const finish = (result: NvidiaSmiResult) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(result)
    }
    const command = nvidiaSmiCommand()
    const broken = (code: number | null, timedOut: boolean, error: string): NvidiaSmiResult => ({
      ok: false,
      error,
      missing: false,
      runnerError: classifyNvidiaSmi({ exitCode: code, stdout, stderr, timedOut, timeoutMs }).error
    })
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      // A process stuck in the driver may never exit: stop listening to it.
      child.stdout?.destroy()
      child.stderr?.destroy()
      child.unref()
      finish(broken(null, true, `${command} did not answer within ${timeoutMs} ms`))
    }, timeoutMs)
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (chunk: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk
    })
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += chunk
    })
    child.on('error', err => {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT')
        finish({ ok: false, error: `${command} not found`, missing: true, runnerError: null })
      else finish(broken(null, false, `${command}: ${err.message}`))
    })
    child.on('close', (code, signal) => {
      const verdict = classifyNvidiaSmi({ exitCode: code, stdout, stderr, timedOut: false, timeoutMs })
      if (verdict.error === null && code !== null) {
        finish({ ok: true, stdout, warnings: verdict.warnings })
        return
      }
      const said = `${stdout}\n${stderr}`.trim().split('\n')[0]?.slice(0, 200) ?? ''
      finish({
        ok: false,
        error: `${command} exited with ${code ?? signal}${said ? `: ${said}` : ''}`,
        missing: false,
        runnerError: verdict.error
      })
    })
  })
}
