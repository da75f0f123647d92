// One bounded nvidia-smi invocation. nvidia-smi can be missing, fail (NVML errors) or hang in the
// driver, so this never throws and always settles by timeoutMs, even if the process cannot be killed.
import { spawn } from 'node:child_process'
import { nvidiaSmiCommand } from './nvidiaSmiCommand.js'

export type NvidiaSmiResult = { ok: true; stdout: string } | { ok: false; error: string }

const MAX_OUTPUT = 1024 * 1024

export function nvidiaSmiOnce(args: string[], timeoutMs: number): Promise<NvidiaSmiResult> {
  return new Promise(resolve => {
    let settled = false
    let stdout = ''
    const finish = (result: NvidiaSmiResult) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(result)
    }
    const command = nvidiaSmiCommand()
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      // A process stuck in the driver may never exit: stop listening to it.
      child.stdout?.destroy()
      child.unref()
      finish({ ok: false, error: `${command} did not answer within ${timeoutMs} ms` })
    }, timeoutMs)
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (chunk: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk
    })
    child.on('error', err => {
      const code = (err as NodeJS.ErrnoException).code
      finish({ ok: false, error: code === 'ENOENT' ? `${command} not found` : `${command}: ${err.message}` })
    })
    child.on('close', (code, signal) => {
      if (code === 0) finish({ ok: true, stdout })
      else {
        const said = stdout.trim().split('\n')[0]?.slice(0, 200) ?? ''
        finish({ ok: false, error: `${command} exited with ${code ?? signal}${said ? `: ${said}` : ''}` })
      }
    })
  })
}
