// Loads the webhook payloads of test/fixtures/events.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const EVENTS_DIR = fileURLToPath(new URL('../fixtures/events/', import.meta.url))

export function eventPath(name: string): string {
  return `${EVENTS_DIR}${name}.json`
}

export function loadEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(eventPath(name), 'utf8')) as Record<string, unknown>
}

export const SHAS = {
  sameRepoHead1: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  sameRepoHead2: 'b2c3d4e5f60718293a4b5c6d7e8f901234567890',
  forkHead1: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee01',
  forkHead2: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee02'
}
