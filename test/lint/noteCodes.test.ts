// Notes carry a code (docs/design.md contract 3): `npm run lint` refuses a note written as a bare
// string where results are built, so the next note cannot be added without one. These lint text
// as if it were a file of src/.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function noteErrors(code: string): Promise<string[]> {
  const results = await eslint.lintText(code, { filePath: 'src/judge/noteFixture.ts' })
  return results
    .flatMap(r => r.messages)
    .filter(m => m.ruleId === 'no-restricted-syntax')
    .map(m => m.message)
}

describe('notes need codes', () => {
  it('refuses a string pushed onto a result’s notes', async () => {
    const errors = await noteErrors(
      "export function f(r: { notes: string[] }) {\n  r.notes.push('the card was busy')\n}\n"
    )
    expect(errors).toEqual([expect.stringMatching(/addNotes/)])
  })

  it('refuses a string or template pushed onto a notes array', async () => {
    const errors = await noteErrors(
      "export function f(notes: string[], n: number) {\n  notes.push(`waited ${n} s`)\n  notes.push('x')\n}\n"
    )
    expect(errors).toEqual([expect.stringMatching(/needs a code/), expect.stringMatching(/needs a code/)])
  })

  it('refuses a string in a notes field', async () => {
    const errors = await noteErrors("export const r = { notes: ['not run'] }\n")
    expect(errors).toEqual([expect.stringMatching(/needs a code/)])
  })

  it('accepts coded notes', async () => {
    const errors = await noteErrors(
      "import { addNotes, note, notesFields, type Note } from '../notes.js'\n" +
        'export function f(r: { notes: string[] }, notes: Note[]) {\n' +
        "  notes.push(note('no-reading', 'none'))\n" +
        "  addNotes(r, note('no-reading', 'none'))\n" +
        "  return { ...notesFields([note('no-reading', 'none')]), empty: { notes: [] } }\n}\n"
    )
    expect(errors).toEqual([])
  })
})
