// The Debian packages the demo and the tests need (python3-torch, chromium), how to tell each is
// present, and installing the missing ones with apt-get: as root, or through sudo.
// `npm run demo` and `npm test` (its pretest) both go through ensureSystemPackages.
import { spawnSync } from 'node:child_process'
import { accessSync, constants, existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { findTorchPython, type TorchPython } from '../src/measure/probe/findPython.js'

/** Debian's python3-torch installs torch for this interpreter. */
const DEBIAN_PYTHON = '/usr/bin/python3'

/** The browser the history page's tests drive (playwright-core); OOM_GATE_CHROMIUM overrides. */
export const CHROMIUM_PATH = process.env.OOM_GATE_CHROMIUM || '/usr/bin/chromium'

export interface SystemPackage {
  /** The Debian package that provides it. */
  name: string
  /** What was not found, in words, for the message when it is missing. */
  absent: string
  present: () => boolean
  /**
   * Set when installing the package cannot make it present (a path the user chose that the
   * package does not create): the fix, in words, instead of the apt-get command.
   */
  notByApt?: () => string | null
}

/**
 * A Python that imports torch: the same search the gate and the tests use (findTorchPython), then
 * Debian's interpreter directly, because findTorchPython remembers a miss for the whole process
 * and the check runs again right after apt-get installed python3-torch.
 */
export function torchPython(): TorchPython | null {
  const found = findTorchPython()
  if (found !== null) return found
  const probe = spawnSync(DEBIAN_PYTHON, ['-c', 'import torch; print(torch.__version__)'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 120_000
  })
  return probe.status === 0 ? { python: DEBIAN_PYTHON, torchVersion: probe.stdout.trim() } : null
}

export const PYTHON3_TORCH: SystemPackage = {
  name: 'python3-torch',
  absent: 'no Python imports torch: tried $OOM_GATE_PYTHON, python3, python, /usr/bin/python3',
  present: () => torchPython() !== null
}

export const CHROMIUM: SystemPackage = {
  name: 'chromium',
  absent: `no ${CHROMIUM_PATH}`,
  present: () => existsSync(CHROMIUM_PATH),
  // apt-get installs /usr/bin/chromium, never the path OOM_GATE_CHROMIUM names.
  notByApt: () =>
    process.env.OOM_GATE_CHROMIUM && CHROMIUM_PATH !== '/usr/bin/chromium'
      ? `OOM_GATE_CHROMIUM is ${CHROMIUM_PATH}, which does not exist; point it at a chromium executable, or unset it to use /usr/bin/chromium`
      : null
}

/** The command a person runs to install `names`. */
export function installCommand(names: readonly string[]): string {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo '
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${names.join(' ')}`
}

/** First executable `name` on PATH, or null. */
function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return null
}

/** The argv prefix that runs apt-get with root rights, or why there is none. */
function aptGetAsRoot(): { argv: string[] } | { why: string } {
  if (process.env.OOM_GATE_NO_INSTALL) return { why: 'OOM_GATE_NO_INSTALL is set' }
  const aptGet = onPath('apt-get')
  if (aptGet === null) return { why: 'no apt-get on PATH' }
  if (process.getuid?.() === 0) return { argv: ['env', 'DEBIAN_FRONTEND=noninteractive', aptGet] }
  const sudo = onPath('sudo')
  if (sudo === null) return { why: 'not root and no sudo' }
  // At a terminal sudo may ask for the password; elsewhere (CI) only passwordless sudo will do.
  const prompt = process.stdin.isTTY === true
  if (!prompt && spawnSync(sudo, ['-n', 'true'], { stdio: 'ignore' }).status !== 0)
    return { why: 'not root and sudo asks for a password' }
  // sudo drops the environment; env passes apt-get the one variable it needs.
  return { argv: [sudo, ...(prompt ? [] : ['-n']), 'env', 'DEBIAN_FRONTEND=noninteractive', aptGet] }
}

export type Ensured = { ok: true; installed: string[] } | { ok: false; message: string }

/**
 * Installs the packages of `needed` that are not present. Never throws: the result is ok, or one
 * line (`message`) naming the missing packages and the command that installs them. `who` starts
 * each line (`npm test`, `demo`); progress goes to `log`, apt-get's own output to stderr.
 */
export function ensureSystemPackages(
  needed: readonly SystemPackage[],
  who: string,
  log: (line: string) => void
): Ensured {
  const missing = needed.filter(p => !p.present())
  if (missing.length === 0) return { ok: true, installed: [] }
  const byHand = missing.map(p => p.notByApt?.() ?? null).filter((fix): fix is string => fix !== null)
  if (byHand.length > 0) {
    const installable = missing.filter(p => !p.notByApt?.())
    const rest = installable.length
      ? `; also missing ${installable.map(p => `${p.name} (${p.absent})`).join(' and ')}, install with: ${installCommand(installable.map(p => p.name))}`
      : ''
    return { ok: false, message: `${who}: ${byHand.join('; ')}${rest}` }
  }
  const names = missing.map(p => p.name)
  const what = missing.map(p => `${p.name} (${p.absent})`).join(' and ')
  const fix = `install with: ${installCommand(names)}`
  const apt = aptGetAsRoot()
  if ('why' in apt)
    return { ok: false, message: `${who}: missing ${what}; ${fix} (not installed here: ${apt.why})` }

  log(`${who}: installing Debian packages ${names.join(' ')} (about a minute)`)
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...names]
  ]) {
    const [command, ...prefix] = apt.argv
    const run = spawnSync(command!, [...prefix, ...args], { stdio: ['inherit', 2, 2] })
    if (run.status !== 0) {
      const how = run.error ? run.error.message : `exit ${run.status ?? run.signal}`
      return {
        ok: false,
        message: `${who}: apt-get ${args[0]} failed (${how}) for ${names.join(' ')}; ${fix}`
      }
    }
  }
  const still = missing.filter(p => !p.present())
  if (still.length > 0) {
    const what = still.map(p => `${p.name} (${p.absent})`).join(' and ')
    return { ok: false, message: `${who}: apt-get installed ${names.join(' ')}, but still missing ${what}` }
  }
  return { ok: true, installed: names }
}
