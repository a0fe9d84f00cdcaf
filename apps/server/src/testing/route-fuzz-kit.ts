// What the route fuzzer (access/route-fuzz.int.test.ts) sends and how it judges the answer: one
// fast-check arbitrary of whole requests per registered route (path params, query, body, headers,
// all from the route's own schemas), and the checks every answer must pass (S40): no 5xx, a 400
// that names what is wrong, no stack trace or SQL in an error body.
import fc from 'fast-check'
import type { RegisteredRoute } from '../app.ts'
import { multipartBody } from '../vault/documents/document-test-kit.ts'
import { pdf } from '../vault/documents/test-files.ts'
import {
  encodeComponent,
  fuzzValue,
  HOSTILE_STRINGS,
  hostileValue,
  pathSegment,
  toQueryString,
  validShaped,
  type JsonSchema,
} from './schema-arbitrary.ts'

export interface FuzzRequest {
  method: string
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
}

/** Real ids per path parameter name (`patientId`: a patient the caller may see, ...). */
export type IdPool = Record<string, readonly string[]>

const PARAM = /:([A-Za-z0-9_]+)(\([^)]*\))?/g
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

const isSchema = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v)
const propertiesOf = (schema: unknown): Record<string, JsonSchema> =>
  isSchema(schema) && isSchema(schema['properties'])
    ? (schema['properties'] as Record<string, JsonSchema>)
    : {}

/** Bodies no JSON parser should choke on fatally. */
const RAW_BODIES: readonly string[] = [
  '',
  '{',
  '[',
  'null',
  '"text"',
  '1',
  '{"a":',
  'NaN',
  '\u0000',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  '{"a":1,"a":2}',
  '\ufeff{}',
]

const CONTENT_TYPES: readonly string[] = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-8; x=%00',
]

/** Extra headers: conditional requests, content negotiation, odd forwarding and ranges. */
const headerArbitrary: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'if-match': fc.constantFrom('W/"1"', '"1"', '*', 'W/"-1"', '"9999999999999999999999"', 'garbage'),
    'if-none-match': fc.constantFrom('*', 'W/"1"', 'x'),
    accept: fc.constantFrom('*/*', 'application/fhir+xml', 'text/html', '%00', 'application/json;q=x'),
    range: fc.constantFrom('bytes=0-0', 'bytes=999999999-', 'bytes=-1', 'bytes=a-b', 'bytes=0-1,2-3'),
    'accept-language': fc.constantFrom('zz', '*', 'x'.repeat(500)),
    'x-forwarded-for': fc.constantFrom('1.2.3.4', 'not an address', '::1, 10.0.0.1'),
  },
  { requiredKeys: [] },
)

function paramArbitrary(name: string, route: RegisteredRoute, pool: IdPool): fc.Arbitrary<string> {
  const declared = propertiesOf(route.schema?.params)[name]
  const shaped = declared
    ? validShaped(declared, 0).map((v) => encodeComponent(String(v)))
    : fc.constant(encodeURIComponent(name))
  return fc.oneof(
    { weight: 3, arbitrary: pathSegment(pool[name] ?? []) },
    { weight: pool[name]?.length ? 2 : 0, arbitrary: fc.constantFrom(...(pool[name] ?? ['-'])) },
    { weight: 1, arbitrary: shaped },
  )
}

function pathArbitrary(route: RegisteredRoute, pool: IdPool): fc.Arbitrary<string> {
  const names = [...route.url.matchAll(PARAM)].map((m) => m[1]!)
  const wildcard = route.url.endsWith('*')
  return fc
    .tuple(
      fc.tuple(...names.map((n) => paramArbitrary(n, route, pool))),
      wildcard
        ? fc.constantFrom('x', 'index.js', '..%2f..%2fetc%2fpasswd', '%00', 'a/b/c', 'x'.repeat(3_000))
        : fc.constant(''),
    )
    .map(([values, rest]) => {
      let i = 0
      const filled = route.url.replace(PARAM, () => values[i++] ?? '')
      return wildcard ? filled.slice(0, -1) + rest : filled
    })
}

function queryArbitrary(route: RegisteredRoute): fc.Arbitrary<string> {
  const properties = propertiesOf(route.schema?.querystring)
  const declared = fc.record(
    Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, fuzzValue(s, 1)])),
    { requiredKeys: [] },
  )
  const extra = fc.option(
    fc.constantFrom(
      '__proto__[polluted]=1',
      'constructor[prototype][p]=1',
      'role=admin',
      '_count=1e400',
      'a=%00',
    ),
    { freq: 5 },
  )
  return fc.tuple(declared, extra).map(([values, more]) => {
    const text = [toQueryString(values as Record<string, unknown>), more ?? ''].filter(Boolean).join('&')
    return text ? `?${text}` : ''
  })
}

type Body = { payload?: string | Buffer; contentType?: string }

function bodyArbitrary(route: RegisteredRoute, upload: boolean): fc.Arbitrary<Body> {
  const raw = fc
    .constantFrom(...RAW_BODIES)
    .map((payload): Body => ({ payload, contentType: 'application/json' }))
  const odd = fc
    .tuple(fc.constantFrom(...CONTENT_TYPES), fc.constantFrom(...HOSTILE_STRINGS.slice(0, 12)))
    .map(([contentType, payload]): Body => ({ payload, contentType }))
  if (upload) {
    const filename = fc.constantFrom(
      'letter.pdf',
      '../../etc/passwd.pdf',
      'a\u0000b.pdf',
      `${'x'.repeat(3_000)}.pdf`,
      '😀.pdf',
      'CON.pdf',
      '.pdf',
    )
    const category = fc.oneof(
      fc.constantFrom('identity', 'summary-of-care', 'other'),
      fc.constantFrom(...HOSTILE_STRINGS.slice(0, 12)),
    )
    const data = fc.constantFrom(
      pdf({ text: 'Fuzz' }),
      Buffer.from('%PDF-'),
      Buffer.from('MZ\x90\x00'),
      Buffer.alloc(0),
    )
    const form = fc.tuple(filename, category, data).map(([name, cat, bytes]): Body => {
      const f = multipartBody({ data: bytes, filename: name }, [['category', cat]])
      return { payload: f.payload, contentType: f.contentType }
    })
    return fc.oneof(
      { weight: 6, arbitrary: form },
      { weight: 1, arbitrary: raw },
      { weight: 1, arbitrary: odd },
    )
  }
  const schema = route.schema?.body
  if (isSchema(schema)) {
    const json = fuzzValue(schema, 3).map((v): Body => ({
      payload: JSON.stringify(v) ?? 'null',
      contentType: 'application/json',
    }))
    const form = fuzzValue(schema, 1).map((v): Body => ({
      payload: isSchema(v) ? toQueryString(v as Record<string, unknown>) : String(v),
      contentType: 'application/x-www-form-urlencoded',
    }))
    // Well-formed bodies reach the handlers (and the database) rather than stopping at validation.
    const shaped = validShaped(schema, 0, true).map((v): Body => ({
      payload: JSON.stringify(v) ?? 'null',
      contentType: 'application/json',
    }))
    return fc.oneof(
      { weight: 6, arbitrary: shaped },
      { weight: 8, arbitrary: json },
      { weight: 1, arbitrary: form },
      { weight: 1, arbitrary: raw },
      { weight: 1, arbitrary: odd },
    )
  }
  if (!BODY_METHODS.has(route.method)) return fc.constant({})
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: raw },
    {
      weight: 1,
      arbitrary: hostileValue.map((v): Body => ({
        payload: JSON.stringify(v) ?? '',
        contentType: 'application/json',
      })),
    },
    { weight: 1, arbitrary: odd },
  )
}

/** Whole requests for one route, ready for `app.inject` (the caller adds cookie and CSRF headers). */
export function requestArbitrary(
  route: RegisteredRoute,
  pool: IdPool,
  upload: boolean,
): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(
      pathArbitrary(route, pool),
      queryArbitrary(route),
      bodyArbitrary(route, upload),
      fc.option(headerArbitrary, { freq: 4 }),
    )
    .map(([path, query, body, extra]) => ({
      method: route.method,
      url: path + query,
      headers: { ...(extra ?? {}), ...(body.contentType ? { 'content-type': body.contentType } : {}) },
      ...(body.payload !== undefined ? { payload: body.payload } : {}),
    }))
}

// ---------- Judging an answer ----------

const STACK = /\n\s+at |\bat [\w.<>]+ \(|node:internal|\.(?:ts|js|mjs):\d+:\d+|\/work\/|\/node_modules\//
const SQL =
  /\bselect\b[^"]{0,200}\bfrom\b|\binsert into\b|\bupdate\b[^"]{0,80}\bset\b|\bdelete from\b|syntax error at or near|violates [a-z -]*constraint|duplicate key value|relation "[^"]*" does not exist|invalid input syntax for type|\bpglite\b|\bkysely\b|SQLSTATE/i
const GENERIC = new Set(['', 'invalid', 'Bad Request', 'bad request', 'error', 'Error'])

export interface Answer {
  statusCode: number
  body: string
  headers: Record<string, unknown>
}

/** Everything wrong with one answer (empty: it is fine). */
export function problemsWith(url: string, res: Answer): string[] {
  const problems: string[] = []
  if (res.statusCode >= 500) problems.push(`status ${res.statusCode}`)
  if (res.statusCode < 400) return problems
  if (res.headers['x-content-type-options'] !== 'nosniff')
    problems.push('an error without the security headers')
  if (STACK.test(res.body)) problems.push('a stack trace in the body')
  if (SQL.test(res.body)) problems.push('SQL in the body')
  const api = url.startsWith('/api/')
  const fhir = url.startsWith('/fhir/')
  if (!api && !fhir) return problems
  let json: Record<string, unknown>
  try {
    json = JSON.parse(res.body) as Record<string, unknown>
  } catch {
    problems.push('an error body that is not JSON')
    return problems
  }
  if (fhir && json['resourceType'] === 'OperationOutcome') {
    const issue = (json['issue'] as Array<Record<string, unknown>> | undefined)?.[0]
    if (!issue || typeof issue['diagnostics'] !== 'string' || !issue['diagnostics'])
      problems.push('an OperationOutcome without diagnostics')
    return problems
  }
  const error = json['error'] as { code?: unknown; message?: unknown; details?: unknown } | undefined
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string') {
    problems.push('an error body without {error: {code, message}}')
    return problems
  }
  if (res.statusCode === 400) {
    if (GENERIC.has(error.message.trim()))
      problems.push(`a 400 that does not say what is wrong: "${error.message}"`)
    const details = error.details as Array<{ path?: unknown; message?: unknown }> | undefined
    if (error.message.startsWith('invalid request:') && !details?.length)
      problems.push('a validation 400 without details naming the field')
    for (const d of details ?? [])
      if (typeof d.path !== 'string' || typeof d.message !== 'string' || !d.message)
        problems.push('a 400 detail without path and message')
  }
  return problems
}

/** A short, PHI-free description of a request for a failure message (bodies cut to 300 chars). */
export function describe(req: FuzzRequest, caller: string): string {
  const payload =
    req.payload === undefined
      ? ''
      : Buffer.isBuffer(req.payload)
        ? ` <${req.payload.length} bytes ${req.headers['content-type'] ?? ''}>`
        : ` ${JSON.stringify(req.payload.slice(0, 200))}${req.payload.length > 200 ? `...(${req.payload.length} chars)` : ''}`
  const url = req.url.length > 160 ? `${req.url.slice(0, 160)}...(${req.url.length} chars)` : req.url
  return `${caller}: ${req.method} ${url}${payload} headers=${JSON.stringify(req.headers).slice(0, 200)}`
}
