// Two self-contained bundles: the action (dist/index.js) and the CLI (dist/cli.js).
// GitHub runs dist/ without installing, so everything is inlined; the torch probe is
// copied next to them because it is loaded by Python, not by Node; so is the trace's tracer.
import { chmodSync, copyFileSync, mkdirSync, readdirSync } from 'node:fs'
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'
import type { Plugin, RollupOptions } from 'rollup'

const copyProbe: Plugin = {
  name: 'copy-probe',
  writeBundle() {
    mkdirSync('dist/probe', { recursive: true })
    copyFileSync('src/measure/probe/sitecustomize.py', 'dist/probe/sitecustomize.py')
    // The trace's Python tracer (oom-gate trace), found by src/trace/runTrace.ts's tracerDir().
    mkdirSync('dist/tracer', { recursive: true })
    for (const name of readdirSync('src/trace/tracer').filter(n => n.endsWith('.py')))
      copyFileSync(`src/trace/tracer/${name}`, `dist/tracer/${name}`)
  }
}

// The CLI is package.json's bin: npm ci marks it executable in a checkout, so it is committed
// executable (100755) and written so, or a fresh clone shows dist/cli.js modified after npm ci.
const executable = (file: string): Plugin => ({
  name: 'executable',
  writeBundle() {
    chmodSync(file, 0o755)
  }
})

const bundle = (input: string, file: string, banner?: string): RollupOptions => ({
  input,
  output: { esModule: true, file, format: 'es', sourcemap: false, banner, inlineDynamicImports: true },
  onwarn(warning, warn) {
    // @actions/* and octokit use `this` at module top level; harmless in ESM.
    if (['THIS_IS_UNDEFINED', 'CIRCULAR_DEPENDENCY', 'INVALID_ANNOTATION'].includes(warning.code ?? ''))
      return
    warn(warning)
  },
  plugins: [
    typescript({
      tsconfig: './tsconfig.build.json',
      outputToFilesystem: false,
      // The CLI imports ../package.json for its version, so the root is the repository.
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', rootDir: '.' }
    }),
    nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
    commonjs(),
    json(),
    copyProbe,
    ...(banner?.startsWith('#!') ? [executable(file)] : [])
  ]
})

export default [
  bundle('src/index.ts', 'dist/index.js'),
  bundle('src/cli.ts', 'dist/cli.js', '#!/usr/bin/env node')
]
