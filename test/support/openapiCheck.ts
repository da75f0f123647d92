// Checks requests, as the GitHub fake recorded them, against GitHub's published REST description
// (@octokit/openapi, generated/api.github.com.json: OpenAPI 3.0.3, from
// https://github.com/github/rest-api-description): the operation (method + path template), its
// query parameters and JSON body, and the fields the code reads in the answers. Loaded once per
// test file (13 MB of JSON, about 0.2 s).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { API_READS } from './apiReads.js'
import type { RecordedRequest } from './githubFake/index.js'

type Schema = Record<string, unknown>

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema?: Schema
  'x-multi-segment'?: boolean
}

export interface Operation {
  method: string
  template: string
  operationId: string
  parameters: Parameter[]
  requestBody: Schema | null
  /** Status code -> JSON schema of the answer (null: no body). */
  responses: Map<string, Schema | null>
  regex: RegExp
  literalSegments: number
}

interface Description {
  paths: Record<string, Record<string, Schema>>
  components: Record<string, Record<string, Schema>>
}

let description: Description | null = null
let operations: Operation[] | null = null

function spec(): Description {
  if (description === null) {
    const pkg = createRequire(import.meta.url).resolve('@octokit/openapi/package.json')
    description = JSON.parse(
      readFileSync(join(dirname(pkg), 'generated/api.github.com.json'), 'utf8')
    ) as Description
  }
  return description
}

/** `#/components/schemas/x` and friends, followed until a non-$ref. */
export function deref<T = Schema>(node: unknown): T {
  let current = node as Schema
  for (let i = 0; i < 20 && current && typeof current.$ref === 'string'; i++) {
    const path = (current.$ref as string).replace(/^#\//, '').split('/')
    current = path.reduce<unknown>((o, key) => (o as Schema)[key], spec()) as Schema
  }
  return current as T
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head']

export function allOperations(): Operation[] {
  if (operations !== null) return operations
  const list: Operation[] = []
  for (const [template, item] of Object.entries(spec().paths)) {
    for (const method of METHODS) {
      const op = item[method]
      if (!op) continue
      const parameters = [
        ...((item.parameters as unknown as unknown[] | undefined) ?? []),
        ...((op.parameters as unknown[]) ?? [])
      ].map(p => deref<Parameter>(p))
      const multi = new Set(parameters.filter(p => p.in === 'path' && p['x-multi-segment']).map(p => p.name))
      const pattern = template
        .split('/')
        .map(part => {
          const param = /^\{(.+)\}$/.exec(part)
          if (param) return multi.has(param[1]!) ? '(.+)' : '([^/]+)'
          return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        })
        .join('/')
      const body = deref(op.requestBody) as Schema | undefined
      const responses = new Map<string, Schema | null>()
      for (const [status, response] of Object.entries((op.responses as Schema) ?? {})) {
        const content = (deref(response) as { content?: Record<string, { schema?: Schema }> }).content
        responses.set(status, content?.['application/json']?.schema ?? null)
      }
      list.push({
        method: method.toUpperCase(),
        template,
        operationId: String(op.operationId),
        parameters,
        requestBody:
          (body?.content as Record<string, { schema?: Schema }> | undefined)?.['application/json']?.schema ??
          null,
        responses,
        regex: new RegExp(`^${pattern}$`),
        literalSegments: template.split('/').filter(p => p !== '' && !p.startsWith('{')).length
      })
    }
  }
  // The most specific template first: /git/refs before /git/refs/{ref}.
  list.sort((a, b) => b.literalSegments - a.literalSegments)
  operations = list
  return list
}

export function operationOf(method: string, path: string): Operation | null {
  const decoded = path.split('/').map(decodeURIComponent).join('/')
  return allOperations().find(op => op.method === method.toUpperCase() && op.regex.test(decoded)) ?? null
}

export function operationById(operationId: string): Operation {
  const op = allOperations().find(o => o.operationId === operationId)
  if (!op) throw new Error(`no operation ${operationId} in GitHub's description`)
  return op
}

/** Why `value` does not fit `schema` (OpenAPI 3.0 subset: type, nullable, enum, object, array, *Of). */
export function schemaErrors(value: unknown, schema: unknown, at = '$'): string[] {
  const s = deref(schema)
  if (!s || typeof s !== 'object') return []
  if (value === null) return s.nullable === true || s.type === undefined ? [] : [`${at}: null is not allowed`]
  if (Array.isArray(s.allOf)) return s.allOf.flatMap(sub => schemaErrors(value, sub, at))
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = s[key]
    if (Array.isArray(branches)) {
      const results = branches.map(sub => schemaErrors(value, sub, at))
      if (!results.some(r => r.length === 0))
        return [`${at}: fits none of ${key}: ${results.map(r => r[0]).join(' | ')}`]
    }
  }
  if (Array.isArray(s.enum) && !s.enum.includes(value))
    return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`]
  const type = s.type as string | undefined
  const actual = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value
  if (type !== undefined) {
    const fits = type === actual || (type === 'number' && actual === 'integer')
    if (!fits) return [`${at}: ${actual} where the description says ${type}`]
  }
  const errors: string[] = []
  if (typeof value === 'string' && typeof s.maxLength === 'number' && value.length > s.maxLength)
    errors.push(`${at}: longer than ${s.maxLength}`)
  if (Array.isArray(value) && s.items)
    value.forEach((item, i) => errors.push(...schemaErrors(item, s.items, `${at}[${i}]`)))
  if (actual === 'object' && value !== null) {
    const object = value as Record<string, unknown>
    const properties = (s.properties ?? {}) as Record<string, unknown>
    for (const name of (s.required as string[] | undefined) ?? [])
      if (!(name in object)) errors.push(`${at}.${name}: required, missing`)
    for (const [name, v] of Object.entries(object)) {
      if (name in properties) errors.push(...schemaErrors(v, properties[name], `${at}.${name}`))
      else if (s.additionalProperties === false) errors.push(`${at}.${name}: not in the description`)
      else if (s.additionalProperties && typeof s.additionalProperties === 'object')
        errors.push(...schemaErrors(v, s.additionalProperties, `${at}.${name}`))
    }
  }
  return errors
}

function queryValueFits(value: string, schema: Schema | undefined): boolean {
  const s = deref(schema)
  if (!s) return true
  if (Array.isArray(s.enum)) return s.enum.map(String).includes(value)
  if (s.type === 'integer') return /^-?\d+$/.test(value)
  if (s.type === 'boolean') return value === 'true' || value === 'false'
  return true
}

/** What is off GitHub's description in these requests: one line each; empty when all fit. */
export function offSpec(requests: readonly RecordedRequest[]): string[] {
  const problems: string[] = []
  for (const r of requests) {
    const where = `${r.method} ${r.path}`
    const op = operationOf(r.method, r.path)
    if (!op) {
      problems.push(`${where}: no such operation in GitHub's REST description`)
      continue
    }
    const declared = new Map(op.parameters.filter(p => p.in === 'query').map(p => [p.name, p]))
    for (const [name, value] of Object.entries(r.query)) {
      const param = declared.get(name)
      if (!param) problems.push(`${where} (${op.operationId}): query parameter ${name} is not declared`)
      else if (!queryValueFits(value, param.schema))
        problems.push(`${where} (${op.operationId}): query ${name}=${value} does not fit its schema`)
    }
    for (const param of declared.values())
      if (param.required && !(param.name in r.query))
        problems.push(`${where} (${op.operationId}): required query parameter ${param.name} missing`)
    if (op.requestBody) {
      if (r.body === undefined) {
        const required = (deref(op.requestBody).required as string[] | undefined) ?? []
        if (required.length > 0)
          problems.push(`${where} (${op.operationId}): no body, needs ${required.join(', ')}`)
      } else {
        for (const e of schemaErrors(r.body, op.requestBody, 'body'))
          problems.push(`${where} (${op.operationId}): ${e}`)
      }
    } else if (r.body !== undefined && r.method !== 'GET') {
      problems.push(`${where} (${op.operationId}): sends a body the operation does not take`)
    }
    const status = String(r.status)
    if (!op.responses.has(status) && r.status < 500)
      problems.push(`${where} (${op.operationId}): status ${status} is not among its documented answers`)
    // Where the code reads the answer, the fake must answer as GitHub describes.
    if (r.status >= 200 && r.status < 300) {
      for (const field of API_READS[op.operationId]?.reads ?? []) {
        const schema = fieldSchema(op.operationId, field)
        for (const value of valuesAt(r.response, field))
          for (const e of schemaErrors(value, schema, field))
            problems.push(`${where} (${op.operationId}): the fake's answer: ${e}`)
      }
    }
  }
  return [...new Set(problems)]
}

/** The values at a field path of an answer (every element for [] steps); absent ones are left out. */
export function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value]
  for (const step of path.split(/(?=\[\])|\./).filter(Boolean)) {
    current =
      step === '[]'
        ? current.flatMap(v => (Array.isArray(v) ? v : []))
        : current.flatMap(v =>
            v !== null && typeof v === 'object' && step in (v as object)
              ? [(v as Record<string, unknown>)[step]]
              : []
          )
  }
  return current
}

/** The schema of a field of an operation's success answer (the first oneOf/anyOf branch that has it). */
export function fieldSchema(operationId: string, path: string): Schema | null {
  const op = operationById(operationId)
  const success = [...op.responses.entries()].find(([s, schema]) => /^2/.test(s) && schema)
  if (!success) return null
  let schemas: Schema[] = [deref(success[1]!)]
  for (const step of path.split(/(?=\[\])|\./).filter(Boolean)) {
    const expand = (s: Schema): Schema[] => {
      const d = deref(s)
      const branches = (d.oneOf ?? d.anyOf ?? d.allOf) as unknown[] | undefined
      return branches ? branches.flatMap(b => expand(b as Schema)) : [d]
    }
    schemas = schemas
      .flatMap(expand)
      .flatMap(s =>
        step === '[]'
          ? s.items
            ? [deref<Schema>(s.items)]
            : []
          : s.properties && step in (s.properties as Schema)
            ? [deref<Schema>((s.properties as Schema)[step])]
            : []
      )
  }
  return schemas[0] ?? null
}

export interface FieldFacts {
  /** The field is in the success answer's schema. */
  exists: boolean
  /** Some step of the path may be left out (not in `required`). */
  optional: boolean
  /** Some step of the path may be null. */
  nullable: boolean
}

/**
 * What the description says of a field path in an operation's success answer, e.g.
 * `files[].previous_filename` or `[].user.login` (arrays step in with []). oneOf/anyOf: a field
 * missing from a branch makes it optional, present in none makes it unknown.
 */
export function fieldFacts(operationId: string, path: string): FieldFacts {
  const op = operationById(operationId)
  const success = [...op.responses.entries()].find(([s, schema]) => /^2/.test(s) && schema)
  if (!success) return { exists: false, optional: false, nullable: false }
  const steps = path.split(/(?=\[\])|\./).filter(Boolean)
  return walk(success[1]!, steps)
}

function walk(schema: unknown, steps: string[]): FieldFacts {
  const s = deref(schema)
  const selfNullable = s?.nullable === true
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = s?.[key]
    if (Array.isArray(branches)) {
      const facts = branches.map(b => walk(b, steps))
      const found = facts.filter(f => f.exists)
      if (found.length === 0) return { exists: false, optional: false, nullable: false }
      return {
        exists: true,
        optional: key !== 'allOf' && found.length < facts.length ? true : found.some(f => f.optional),
        nullable: selfNullable || found.some(f => f.nullable)
      }
    }
  }
  if (steps.length === 0) return { exists: true, optional: false, nullable: selfNullable }
  const [step, ...rest] = steps as [string, ...string[]]
  if (step === '[]') {
    if (!s?.items) return { exists: false, optional: false, nullable: false }
    const inner = walk(s.items, rest)
    return { ...inner, nullable: inner.nullable || selfNullable }
  }
  const properties = (s?.properties ?? {}) as Record<string, unknown>
  if (!(step in properties)) return { exists: false, optional: false, nullable: false }
  const inner = walk(properties[step], rest)
  const required = ((s?.required as string[] | undefined) ?? []).includes(step)
  return {
    exists: inner.exists,
    optional: inner.optional || !required,
    nullable: inner.nullable || selfNullable
  }
}
