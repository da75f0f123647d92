import js from '@eslint/js'
import boundaries from 'eslint-plugin-boundaries'
import prettier from 'eslint-config-prettier'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// The layers of docs/design.md ("Layout and layer rules"): which folder of src/ may import which.
// Rows there are the `from` of a policy here; keep the two in step. `mode: 'full'` (deprecated in
// boundaries 7, which prints a warning) because its replacement, `partialMatch: false`, matches
// folders only, and the spine and the entry points are single files.
const ELEMENTS = [
  {
    type: 'spine',
    pattern: [
      'src/results.ts',
      'src/measurement.ts',
      'src/runnerError.ts',
      'src/environment.ts',
      'src/notes.ts',
      'src/terminalText.ts',
      'src/reasons.ts'
    ],
    mode: 'full'
  },
  { type: 'config', pattern: 'src/config/**', mode: 'full' },
  { type: 'advise', pattern: 'src/advise/**', mode: 'full' },
  { type: 'judge', pattern: 'src/judge/**', mode: 'full' },
  { type: 'plan', pattern: 'src/plan/**', mode: 'full' },
  { type: 'report', pattern: 'src/report/**', mode: 'full' },
  { type: 'measure', pattern: 'src/measure/**', mode: 'full' },
  // The trace's JSON (contract 7) as a zod schema: pure, so judge/advise/report may read a trace.
  { type: 'trace-schema', pattern: 'src/trace/traceResult.ts', mode: 'full' },
  // The tracer: runTrace spawns Python (an edge, like measure).
  { type: 'trace', pattern: 'src/trace/**', mode: 'full' },
  { type: 'store', pattern: 'src/store/**', mode: 'full' },
  { type: 'pipeline', pattern: ['src/pipeline.ts', 'src/pipeline/**'], mode: 'full' },
  { type: 'github', pattern: 'src/github/**', mode: 'full' },
  {
    type: 'entry',
    pattern: ['src/commands/**', 'src/main.ts', 'src/cli.ts', 'src/index.ts'],
    mode: 'full'
  }
]

/** Each layer and the layers it may import (besides itself). */
const MAY_IMPORT = {
  spine: [],
  'trace-schema': [],
  config: ['spine'],
  advise: ['spine', 'config', 'trace-schema'],
  judge: ['spine', 'config', 'advise', 'trace-schema'],
  plan: ['spine', 'config', 'judge'],
  report: ['spine', 'config', 'advise', 'judge', 'plan', 'trace-schema'],
  measure: ['spine', 'config', 'plan'],
  trace: ['spine', 'config', 'measure', 'trace-schema'],
  store: ['spine', 'config', 'judge', 'report'],
  pipeline: [
    'spine',
    'config',
    'advise',
    'judge',
    'plan',
    'report',
    'measure',
    'trace',
    'trace-schema',
    'store'
  ],
  github: [
    'spine',
    'config',
    'advise',
    'judge',
    'plan',
    'report',
    'measure',
    'trace',
    'trace-schema',
    'store',
    'pipeline'
  ],
  entry: [
    'spine',
    'config',
    'advise',
    'judge',
    'plan',
    'report',
    'measure',
    'trace',
    'trace-schema',
    'store',
    'pipeline',
    'github'
  ]
}

// Ways a bare string note would get into results.json: pushed onto a `.notes` array, pushed as a
// literal onto a `notes` array, or written as a literal in a `notes: [...]` field.
const NOTE_RULES = [
  {
    selector:
      "CallExpression[callee.property.name=/^(push|unshift|splice)$/][callee.object.property.name='notes'][callee.object.object.type!='ThisExpression']",
    message:
      'Add notes with addNotes(target, note(code, text)) or withNotes (src/notes.ts), not by pushing onto .notes.'
  },
  {
    selector:
      "CallExpression[callee.property.name=/^(push|unshift)$/][callee.object.name='notes'] > :matches(Literal, TemplateLiteral, BinaryExpression)",
    message: 'A note needs a code: push note(code, text) (src/notes.ts, NOTE_CODES), not a string.'
  },
  {
    selector:
      "Property[key.name='notes'] > ArrayExpression > :matches(Literal, TemplateLiteral, BinaryExpression)",
    message:
      'A note needs a code: build notes with notesFields([note(code, text)]) (src/notes.ts), not strings.'
  }
]

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'examples/', '**/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off'
    }
  },
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': ELEMENTS,
      'boundaries/include': ['src/**/*.ts'],
      'import/resolver': { typescript: { alwaysTryTypes: true, project: './tsconfig.json' } }
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: Object.entries(MAY_IMPORT).map(([type, allowed]) => ({
            from: { element: { type } },
            allow: { to: { element: { types: { anyOf: [type, ...allowed] } } } }
          }))
        }
      ],
      // A file of src/ that no layer claims is a file outside the design: name its layer.
      'boundaries/no-unknown-files': 'error',
      // Notes carry a code (docs/design.md contract 3, src/notes.ts): the serialized `notes: string[]`
      // of a result is written only through note()/addNotes/withNotes/notesFields, never as prose.
      'no-restricted-syntax': ['error', ...NOTE_RULES]
    }
  },
  // notes.ts is where the texts of coded notes are written into `notes`.
  { files: ['src/notes.ts'], rules: { 'no-restricted-syntax': 'off' } }
)
