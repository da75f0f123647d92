// GitHub's published example webhook payloads (@octokit/webhooks-examples, collected from real
// deliveries: https://github.com/octokit/webhooks/tree/main/payload-examples), loaded once.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

interface ExampleSet {
  name: string
  actions: string[]
  examples: Record<string, unknown>[]
}

let cache: ExampleSet[] | null = null

function all(): ExampleSet[] {
  if (cache === null) {
    const path = createRequire(import.meta.url).resolve('@octokit/webhooks-examples')
    cache = JSON.parse(readFileSync(path, 'utf8')) as ExampleSet[]
  }
  return cache
}

/** Every example payload of one event, as fresh copies a test may change. */
export function webhookExamples(event: string): Record<string, unknown>[] {
  const set = all().find(e => e.name === event)
  if (!set) throw new Error(`@octokit/webhooks-examples has no ${event} examples`)
  return set.examples.map(e => structuredClone(e))
}
