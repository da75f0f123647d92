// The torch 2.x root the tests run the tracer under (besides Debian 12's torch 1.13): a Debian
// trixie root made with debootstrap (python3-torch 2.6, CPU only; /work/shared/torch2.md),
// cached outside the repository. `npm test`'s pretest builds it when missing (about 70 s and
// 1.5 GB), or stops with one line naming the fix; scripts/torch2-python.sh runs its python3.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ensureSystemPackages, type Ensured, type SystemPackage } from './systemPackages.js'

/** Where the root lives: OOM_GATE_TORCH2_ROOT, default /var/cache/oom-gate/torch2-root. */
export const TORCH2_ROOT = process.env.OOM_GATE_TORCH2_ROOT || '/var/cache/oom-gate/torch2-root'

const DEBOOTSTRAP: SystemPackage = {
  name: 'debootstrap',
  absent: 'no /usr/sbin/debootstrap',
  present: () => existsSync('/usr/sbin/debootstrap')
}

/** The root holds python3 and Debian's torch package. */
export function torch2RootPresent(root = TORCH2_ROOT): boolean {
  return (
    existsSync(join(root, 'usr', 'bin', 'python3')) &&
    existsSync(join(root, 'usr', 'lib', 'python3', 'dist-packages', 'torch', '__init__.py'))
  )
}

/**
 * Builds the torch 2 root with debootstrap when it is missing (installing debootstrap first), into
 * a scratch directory renamed into place when complete, so an interrupted build is never taken
 * for a root. Never throws: ok, or one line with the cause and the command that builds it.
 */
export function ensureTorch2Root(who: string, log: (line: string) => void, root = TORCH2_ROOT): Ensured {
  if (torch2RootPresent(root)) return { ok: true, installed: [] }
  const command = `debootstrap --variant=minbase --include=python3-torch trixie ${root}`
  const byHand = `${process.getuid?.() === 0 ? '' : 'sudo '}apt-get install -y debootstrap && ${process.getuid?.() === 0 ? '' : 'sudo '}${command}`
  const tool = ensureSystemPackages([DEBOOTSTRAP], who, log)
  if (!tool.ok) return { ok: false, message: `${tool.message}; the torch 2 root needs it: ${byHand}` }
  if (process.env.OOM_GATE_NO_INSTALL)
    return {
      ok: false,
      message: `${who}: no torch 2 root at ${root} (OOM_GATE_NO_INSTALL is set); build it with: ${byHand}`
    }
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n']
  const scratch = `${root}.partial-${process.pid}`
  log(`${who}: building the torch 2 root at ${root} with debootstrap (about 70 s, 1.5 GB)`)
  const run = (argv: string[]) => {
    const [head, ...rest] = [...asRoot, ...argv]
    return spawnSync(head!, rest, { stdio: ['ignore', 2, 2] })
  }
  mkdirSync(dirname(root), { recursive: true })
  const built = run(['debootstrap', '--variant=minbase', '--include=python3-torch', 'trixie', scratch])
  if (built.status !== 0) {
    run(['rm', '-rf', scratch])
    const how = built.error ? built.error.message : `exit ${built.status ?? built.signal}`
    return {
      ok: false,
      message: `${who}: debootstrap of the torch 2 root failed (${how}); build it with: ${byHand}`
    }
  }
  try {
    renameSync(scratch, root)
  } catch {
    const moved = run(['mv', scratch, root])
    if (moved.status !== 0) {
      rmSync(scratch, { recursive: true, force: true })
      return {
        ok: false,
        message: `${who}: cannot move the torch 2 root into ${root}; build it with: ${byHand}`
      }
    }
  }
  return torch2RootPresent(root)
    ? { ok: true, installed: ['torch2-root'] }
    : { ok: false, message: `${who}: debootstrap made ${root} but it has no torch; build it with: ${byHand}` }
}
