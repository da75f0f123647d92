// One printed result of `npm run bench`.
export interface BenchRow {
  name: string
  /** The measured figure, formatted. */
  value: string
  /** The target in words, or null for context figures. */
  target: string | null
  met: boolean | null
  detail: string
}

export type Bench = () => Promise<BenchRow[]>
