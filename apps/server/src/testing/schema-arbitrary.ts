// fast-check arbitraries from a route's JSON Schema (the TypeBox schemas the routes register), for
// the route fuzzer (access/route-fuzz.int.test.ts) and the signalling socket's fuzzer: values of the
// right shape, boundary values (one past every limit) and hostile ones (wrong types, huge and odd
// unicode strings, nulls, extra and prototype-pollution keys). Only the JSON Schema subset TypeBox
// emits is read (type, const, enum, anyOf/oneOf/allOf, properties, required, items, patternProperties,
// formats, lengths, ranges); anything else gets arbitrary JSON.
import fc from 'fast-check'

export type JsonSchema = { readonly [key: string]: unknown }

/** Strings that have broken parsers, SQL, file paths and templates elsewhere. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  "' or 1=1 --",
  '"; drop table account; --',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '%00',
  'a\u0000b',
  '\u0000',
  '%',
  '\\',
  '\ud800',
  '\ufeff',
  '\u202eevil',
  'e\u0301\u0301\u0301',
  '😀'.repeat(40),
  '𝔥𝔢𝔩𝔩𝔬',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '-1',
  '1e400',
  '9'.repeat(40),
  '2026-02-30T25:61:00Z',
  '0000-00-00',
  '00000000-0000-0000-0000-000000000000',
  'line\r\nX-Injected: 1',
  'x'.repeat(70_000),
  'é'.repeat(5_000),
]

/** Keys a client must never be able to smuggle in: prototype pollution and ownership fields. */
export const HOSTILE_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'patientId',
  'accountId',
  'role',
  'isAdmin',
  'owner',
]

const POLLUTED = (): unknown =>
  JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"p":1}}}')

/** Values of every JSON type, and some that are merely awkward. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    0.5,
    -0.000001,
    2 ** 31,
    2 ** 53 + 2,
    -(2 ** 63),
    1e308,
    [],
    [null],
    {},
  ),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constant(null).map(POLLUTED),
  fc.constant(null).map(() => deepArray(300)),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.jsonValue({ maxDepth: 2 }),
)

function deepArray(depth: number): unknown {
  let v: unknown = 0
  for (let i = 0; i < depth; i++) v = [v]
  return v
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined)
const CAP = 40 // longest generated valid-shaped string (boundaries go past the schema's own limit)

function types(schema: JsonSchema): string[] {
  const t = schema['type']
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : []
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const min = num(schema['minLength']) ?? 0
  const max = Math.max(min, Math.min(num(schema['maxLength']) ?? CAP, CAP))
  switch (schema['format']) {
    case 'uuid':
      return fc.uuid()
    case 'email':
      return fc.emailAddress().filter((e) => e.length <= (num(schema['maxLength']) ?? 254))
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString())
    case 'date':
      return fc
        .date({ min: new Date('1900-01-01'), max: new Date('2040-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10))
    case 'uri':
      return fc.webUrl()
    default:
      break
  }
  const pattern = schema['pattern']
  if (typeof pattern === 'string') {
    try {
      return fc
        .stringMatching(new RegExp(pattern))
        .map((s) => s.slice(0, num(schema['maxLength']) ?? CAP * 4))
    } catch {
      // a pattern fast-check cannot invert: fall through to plain strings
    }
  }
  return fc.string({ minLength: min, maxLength: max })
}

/** One past each limit of the schema, and the limits themselves. */
function boundaryArbitrary(schema: JsonSchema): fc.Arbitrary<unknown> {
  const out: unknown[] = []
  const t = types(schema)
  if (t.includes('string')) {
    const min = num(schema['minLength'])
    const max = num(schema['maxLength'])
    if (min !== undefined && min > 0) out.push('a'.repeat(min - 1))
    if (max !== undefined) out.push('a'.repeat(max), 'a'.repeat(max + 1), 'é'.repeat(max + 1))
    if (schema['format'] === 'uuid')
      out.push('not-a-uuid', 'AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA', '00000000-0000-0000-0000-000000000000 ')
    if (schema['format'] === 'date-time')
      out.push('2026-13-01T00:00:00Z', '2026-06-01', '+275760-09-13T00:00:00Z')
    if (schema['format'] === 'email') out.push('a@', '@b', 'a@b', `${'a'.repeat(250)}@b.example`)
  }
  if (t.includes('integer') || t.includes('number')) {
    const min = num(schema['minimum'])
    const max = num(schema['maximum'])
    if (min !== undefined) out.push(min, min - 1)
    if (max !== undefined) out.push(max, max + 1)
    out.push(0.5, -0, 2 ** 53, -(2 ** 53), 1e300)
  }
  if (t.includes('array')) {
    const max = num(schema['maxItems'])
    const item = isSchema(schema['items']) ? sampleValid(schema['items']) : 1
    out.push([])
    if (max !== undefined) out.push(Array.from({ length: max + 1 }, () => item))
  }
  if (t.includes('object')) out.push({})
  const constant = schema['const']
  if (typeof constant === 'string') out.push(constant.toUpperCase(), `${constant} `)
  return out.length ? fc.constantFrom(...out) : hostileValue
}

function isSchema(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A plain, small valid-shaped value (for boundary arrays). */
function sampleValid(schema: JsonSchema): unknown {
  return fc.sample(validShaped(schema, 1), { numRuns: 1, seed: 1 })[0]
}

/** Values of the schema's shape, whose parts are in turn fuzzed (`depth` levels deep). */
export function validShaped(schema: JsonSchema, depth = 3, strict = false): fc.Arbitrary<unknown> {
  if (schema['const'] !== undefined) return fc.constant(schema['const'])
  if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as unknown[]))
  const union = schema['anyOf'] ?? schema['oneOf']
  if (Array.isArray(union) && union.length)
    return fc.oneof(...union.filter(isSchema).map((s) => validShaped(s, depth, strict)))
  if (Array.isArray(schema['allOf']) && isSchema(schema['allOf'][0]))
    return validShaped(schema['allOf'][0], depth, strict)
  const t = types(schema)
  if (t.length > 1) return fc.oneof(...t.map((one) => validShaped({ ...schema, type: one }, depth, strict)))
  switch (t[0]) {
    case 'string':
      return stringArbitrary(schema)
    case 'integer':
      return fc.integer({ min: num(schema['minimum']) ?? -1000, max: num(schema['maximum']) ?? 100_000 })
    case 'number':
      return fc.double({
        min: num(schema['minimum']) ?? -1e6,
        max: num(schema['maximum']) ?? 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array': {
      const items = isSchema(schema['items']) ? schema['items'] : {}
      const minLength = num(schema['minItems']) ?? 0
      const maxLength = Math.max(minLength, Math.min(num(schema['maxItems']) ?? 4, 4))
      const item = strict
        ? validShaped(items, 0, true)
        : depth > 0
          ? fuzzValue(items, depth - 1)
          : validShaped(items, 0)
      return fc.array(item, { minLength, maxLength })
    }
    case 'object':
      return objectArbitrary(schema, depth, strict)
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

function objectArbitrary(schema: JsonSchema, depth: number, strict: boolean): fc.Arbitrary<unknown> {
  const properties = isSchema(schema['properties']) ? schema['properties'] : {}
  const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : [])
  const model: Record<string, fc.Arbitrary<unknown>> = {}
  for (const [name, sub] of Object.entries(properties)) {
    if (!isSchema(sub)) continue
    model[name] = strict
      ? validShaped(sub, 0, true)
      : depth > 0
        ? fuzzValue(sub, depth - 1)
        : validShaped(sub, 0)
  }
  const patterns = isSchema(schema['patternProperties']) ? Object.values(schema['patternProperties']) : []
  const record = fc.record(model, { requiredKeys: [...required].filter((k) => k in model) })
  if (strict) return record
  const dictionary =
    patterns.length && isSchema(patterns[0])
      ? fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), validShaped(patterns[0], 0), { maxKeys: 3 })
      : fc.constant({})
  return fc
    .tuple(
      record,
      dictionary,
      // Now and then a required field goes missing, or keys nobody declared come along.
      required.size ? fc.option(fc.constantFrom(...required), { freq: 8 }) : fc.constant(null),
      fc.option(
        fc.uniqueArray(
          fc.tuple(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 })), hostileValue),
          { maxLength: 2, selector: ([k]) => k },
        ),
        { freq: 6 },
      ),
    )
    .map(([declared, extra, drop, smuggled]) => {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries({ ...extra, ...declared })) if (k !== drop) own(out, k, v)
      for (const [k, v] of smuggled ?? []) own(out, k, v)
      return out
    })
}

/** An own enumerable property even for `__proto__`, so JSON.stringify sends it as a key. */
function own(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** Mostly valid-shaped, sometimes a boundary, sometimes hostile. */
export function fuzzValue(schema: JsonSchema, depth = 3): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: validShaped(schema, depth) },
    { weight: 2, arbitrary: boundaryArbitrary(schema) },
    { weight: 1, arbitrary: hostileValue },
  )
}

/** A path segment for a `:param`: a real id from `pool`, a random uuid, or a hostile segment. */
export function pathSegment(pool: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: pool.length ? fc.constantFrom(...pool) : fc.uuid() },
    { weight: 2, arbitrary: fc.uuid() },
    {
      weight: 3,
      arbitrary: fc.oneof(
        fc.constantFrom(
          '..',
          '%2e%2e',
          '..%2f..%2fetc%2fpasswd',
          '%00',
          'a%00b',
          '%25',
          '%zz',
          '%ff%fe',
          '-1',
          '0',
          'null',
          'undefined',
          '%20',
          '00000000-0000-0000-0000-000000000000',
          'x'.repeat(5_000),
          encodeURIComponent('😀'.repeat(20)),
          encodeURIComponent("' or 1=1 --"),
        ),
        fc.uuid().map((u) => u.toUpperCase()),
        fc.uuid().map((u) => `${u}%00`),
        fc.uuid().map((u) => `${u}%2f..`),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encodeURIComponent),
      ),
    },
  )
}

/** A lone surrogate cannot be percent-encoded (encodeURIComponent throws): it goes as U+FFFD. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
export const encodeComponent = (text: string) => encodeURIComponent(text.replace(LONE_SURROGATE, '\ufffd'))

/** Query-string text for an object of values: arrays repeat the key, objects go as JSON. */
export function toQueryString(values: Record<string, unknown>): string {
  const parts: string[] = []
  for (const [k, v] of Object.entries(values)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      const text = one === null ? '' : typeof one === 'object' ? JSON.stringify(one) : String(one)
      parts.push(`${encodeComponent(k)}=${encodeComponent(text)}`)
    }
  }
  return parts.join('&')
}
