// Stops a process tree: each signal goes to the process group and to every member that left it
// (setsid'd children, re-parented to init), then we wait up to graceMs for the tree to empty
// before the next signal. The last signal is always SIGKILL.
import type { ProcessTree } from './processTree.js'
import { waitFor } from './waitFor.js'

export interface StopTreeOptions {
  tree: ProcessTree
  /** The process group (= pid of the shell, which leads it). */
  groupId: number
  /** Signals to try in order before SIGKILL, e.g. ['SIGTERM'] or ['SIGINT', 'SIGTERM']. */
  signals: NodeJS.Signals[]
  graceMs: number
  /** How long to wait for SIGKILLed processes to vanish (they may be stuck in the kernel). */
  killWaitMs?: number
  pollMs?: number
  /** Aborted: stop waiting out the grace and go straight to SIGKILL (a second interrupt). */
  cutShort?: AbortSignal
}

export interface StopTreeResult {
  /** Signals that were actually sent (none when the tree was already gone). */
  sent: NodeJS.Signals[]
  /** Members still running after SIGKILL (uninterruptible sleep in a driver): the report says so. */
  survivors: number[]
  /** Members that had left the process group (setsid) and were signalled one by one. */
  escaped: number
}

/** Signals the group and every member outside it; returns the pids signalled one by one. */
export function signalTree(tree: ProcessTree, groupId: number, signal: NodeJS.Signals): number[] {
  const outside: number[] = []
  try {
    process.kill(-groupId, signal)
  } catch {
    // ESRCH: the group is empty; escaped members are handled below.
  }
  for (const member of tree.liveMembers()) {
    if (member.pgrp === groupId) continue
    // Re-check (pid, start time) right before signalling: never hit a recycled pid.
    if (!tree.isSameRunning(member.pid)) continue
    try {
      process.kill(member.pid, signal)
      outside.push(member.pid)
    } catch {
      // exited meanwhile
    }
  }
  return outside
}

export async function stopTree(options: StopTreeOptions): Promise<StopTreeResult> {
  const { tree, groupId, graceMs } = options
  const pollMs = options.pollMs ?? 25
  const steps: NodeJS.Signals[] = [...options.signals.filter(s => s !== 'SIGKILL'), 'SIGKILL']
  const sent: NodeJS.Signals[] = []
  const escaped = new Set<number>()
  const send = (signal: NodeJS.Signals) => signalTree(tree, groupId, signal).forEach(pid => escaped.add(pid))
  const empty = () => {
    tree.refresh()
    return tree.size === 0
  }
  for (const signal of steps) {
    if (empty()) return { sent, survivors: [], escaped: escaped.size }
    send(signal)
    sent.push(signal)
    if (signal !== 'SIGKILL') {
      await waitFor(() => options.cutShort?.aborted === true || empty(), graceMs, pollMs)
      continue
    }
    // Processes forked while we were signalling get SIGKILL too.
    await waitFor(
      () => {
        if (empty()) return true
        send('SIGKILL')
        return false
      },
      options.killWaitMs ?? 5000,
      pollMs
    )
  }
  return { sent, survivors: tree.liveMembers().map(m => m.pid), escaped: escaped.size }
}
