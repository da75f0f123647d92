// Which fields of GitHub's answers the code actually reads: each answer's `data` is wrapped in a
// Proxy that records every property read, by operation (GitHub's operationId) and field path
// ([] for array elements). Compared with test/support/apiReads.ts, so a new read in src/ that the
// table (and so the check against GitHub's description) does not know fails the tests.
import { API_READS } from './apiReads.js'
import { allOperations, operationOf } from './openapiCheck.js'

type Client = {
  hook: {
    after: (
      name: 'request',
      fn: (response: { data: unknown }, options: Record<string, unknown>) => void
    ) => void
  }
}

export type ReadLog = Map<string, Set<string>>

/** Starts recording reads on this client's answers into `log`. */
export function trackReads(octokit: Client, log: ReadLog): void {
  octokit.hook.after('request', (response, options) => {
    const op = operationIdOf(String(options.method ?? 'GET'), String(options.url ?? ''))
    if (op === null || response.data === null || typeof response.data !== 'object') return
    const seen = log.get(op) ?? new Set<string>()
    log.set(op, seen)
    response.data = watch(response.data as object, '', seen)
  })
}

function operationIdOf(method: string, url: string): string | null {
  if (url.includes('{')) {
    const byTemplate = allOperations().find(o => o.method === method.toUpperCase() && o.template === url)
    if (byTemplate) return byTemplate.operationId
  }
  // Later pages follow Link headers: full URLs.
  const path = new URL(url, 'http://github.invalid').pathname
  return operationOf(method, path)?.operationId ?? null
}

function watch<T extends object>(target: T, path: string, seen: Set<string>): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver) as unknown
      if (typeof key === 'symbol') return value
      const own = Object.prototype.hasOwnProperty.call(obj, key)
      // Prototype members (map, length's methods, toJSON) are not fields of the answer.
      if (!own && key in obj) return value
      if (Array.isArray(obj) && key === 'length') return value
      const step =
        Array.isArray(obj) && /^\d+$/.test(key) ? `${path}[]` : path === '' ? key : `${path}.${key}`
      seen.add(step)
      return value !== null && typeof value === 'object' ? watch(value, step, seen) : value
    }
  })
}

/** Reads in `log` that apiReads.ts does not declare (a declared field covers the steps to it). */
export function undeclaredReads(log: ReadLog): string[] {
  const out: string[] = []
  for (const [op, paths] of log) {
    const declared = API_READS[op]?.reads ?? []
    for (const path of paths) {
      if (path.endsWith('[]') || path === '') continue
      const covered = declared.some(d => d === path || d.startsWith(`${path}.`) || d.startsWith(`${path}[]`))
      if (!covered) out.push(`${op} ${path}`)
    }
  }
  return out.sort()
}
