// What any client sees at the edge: clear 4xx errors, generic 5xx, security headers, CSRF, limits.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp, TEST_ORIGIN, type TestApp } from '../../testing/test-app.ts'
import { AppError } from '../errors.ts'

let t: TestApp
before(async () => {
  t = await createTestApp({
    config: { rateLimitPerMinute: 1000 },
    extend: (app) => {
      app.get('/api/test/boom', { config: { access: { public: true } } }, async () => {
        throw new Error('database said: Key (email)=(secret-canary@patient.example) exists')
      })
      app.get('/fhir/R4/TestThing/:id', { config: { access: { public: true } } }, async () => {
        throw new AppError('not-found', 'TestThing/123 not found')
      })
      app.get('/fhir/R4/Boom', { config: { access: { public: true } } }, async () => {
        throw new Error('fhir-canary internal detail')
      })
      app.get(
        '/api/test/limited',
        { config: { rateLimit: { max: 3, timeWindow: '1 minute' }, access: { public: true } } },
        async () => ({ ok: true }),
      )
    },
  })
})
after(() => t.close())

const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': 'application/json', ...t.browserHeaders, ...headers },
  })

test('malformed JSON is a 400 that says so', async () => {
  const res = await post('/api/setup/admin', '{"email": ')
  assert.equal(res.statusCode, 400)
  assert.equal(res.json().error.code, 'invalid')
  assert.match(res.json().error.message, /not valid JSON/)
})

test('an unknown field is a 400 naming the field', async () => {
  const body = { token: 'x'.repeat(43), email: 'a@b.example', displayName: 'A', password: 'p', isAdmin: true }
  const res = await post('/api/setup/admin', JSON.stringify(body))
  assert.equal(res.statusCode, 400)
  assert.deepEqual(res.json().error.details, [{ path: 'body/isAdmin', message: 'unknown field "isAdmin"' }])
})

test('a wrong type is a 400 naming the field', async () => {
  const res = await post(
    '/api/setup/admin',
    JSON.stringify({ token: 5, email: 'a@b.example', displayName: 'A', password: 'p' }),
  )
  assert.equal(res.statusCode, 400)
  assert.equal(res.json().error.details[0].path, 'body/token')
})

test('an unsupported content type is a 415, not a 500', async () => {
  const res = await post('/api/setup/admin', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' })
  assert.equal(res.statusCode, 415)
})

test('an oversized body is a 413', async () => {
  const res = await post('/api/setup/admin', JSON.stringify({ pad: 'x'.repeat(1_100_000) }))
  assert.equal(res.statusCode, 413)
})

test('an internal error is a generic 500: the cause is logged, never sent', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/test/boom' })
  assert.equal(res.statusCode, 500)
  assert.ok(!res.body.includes('secret-canary'))
  assert.equal(res.json().error.code, 'internal')
  assert.ok(t.logs.text().includes('unhandled error'))
})

test('FHIR routes answer errors with an OperationOutcome', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/fhir/R4/TestThing/123' })
  assert.equal(res.statusCode, 404)
  assert.match(res.headers['content-type'] as string, /application\/fhir\+json/)
  const outcome = res.json()
  assert.equal(outcome.resourceType, 'OperationOutcome')
  assert.equal(outcome.issue[0].code, 'not-found')
  const boom = await t.app.inject({ method: 'GET', url: '/fhir/R4/Boom' })
  assert.equal(boom.statusCode, 500)
  assert.equal(boom.json().issue[0].code, 'exception')
  assert.ok(!boom.body.includes('fhir-canary'))
})

test('an unknown API path is a JSON 404; a page path gets the web app (or its not-built page)', async () => {
  const api = await t.app.inject({ method: 'GET', url: '/api/nothing-here' })
  assert.equal(api.statusCode, 404)
  assert.equal(api.json().error.code, 'not-found')
  const page = await t.app.inject({
    method: 'GET',
    url: '/patient/appointments',
    headers: { accept: 'text/html' },
  })
  assert.match(page.headers['content-type'] as string, /text\/html/)
})

test('security headers (S41) are on every response', async () => {
  for (const url of ['/healthz', '/api/nothing-here', '/sign-in']) {
    const res = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } })
    const csp = res.headers['content-security-policy'] as string
    assert.match(csp, /default-src 'self'/)
    assert.match(csp, /frame-ancestors 'none'/)
    assert.match(csp, /object-src 'none'/)
    assert.doesNotMatch(csp, /https?:\/\//, 'the CSP names no other origin')
    assert.match(res.headers['strict-transport-security'] as string, /max-age=\d+/)
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
    assert.equal(res.headers['referrer-policy'], 'no-referrer')
    assert.match(res.headers['permissions-policy'] as string, /camera=\(\)/)
  }
})

test('camera and microphone are allowed on the consult page only', async () => {
  const consult = await t.app.inject({ method: 'GET', url: '/consult/abc', headers: { accept: 'text/html' } })
  assert.match(consult.headers['permissions-policy'] as string, /camera=\(self\), microphone=\(self\)/)
  for (const url of ['/patient/consult', '/clinician/consult', '/clinician/consult?x=1']) {
    const page = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } })
    assert.match(page.headers['permissions-policy'] as string, /camera=\(self\), microphone=\(self\)/, url)
  }
  for (const url of ['/patient', '/patient/consults', '/patient/consult/x', '/clinician/today']) {
    const page = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } })
    assert.match(page.headers['permissions-policy'] as string, /camera=\(\), microphone=\(\)/, url)
  }
})

test('CSRF (S18): state changes need our Origin and the custom header', async () => {
  const body = JSON.stringify({
    token: 'x'.repeat(43),
    email: 'a@b.example',
    displayName: 'A',
    password: 'p',
  })
  const noOrigin = await t.app.inject({
    method: 'POST',
    url: '/api/setup/admin',
    payload: body,
    headers: { 'content-type': 'application/json', 'x-tessera-request': '1' },
  })
  assert.equal(noOrigin.statusCode, 403)
  const evil = await post('/api/setup/admin', body, { origin: 'https://evil.example' })
  assert.equal(evil.statusCode, 403)
  const noHeader = await t.app.inject({
    method: 'POST',
    url: '/api/setup/admin',
    payload: body,
    headers: { 'content-type': 'application/json', origin: TEST_ORIGIN },
  })
  assert.equal(noHeader.statusCode, 403)
  assert.match(noHeader.json().error.message, /x-tessera-request/)
  const ok = await post('/api/setup/admin', body)
  assert.notEqual(ok.statusCode, 403, 'a same-origin request with the header passes the CSRF check')
})

test('rate limits answer 429 with a clear message', async () => {
  const codes: number[] = []
  for (let i = 0; i < 5; i++)
    codes.push((await t.app.inject({ method: 'GET', url: '/api/test/limited' })).statusCode)
  assert.deepEqual(codes, [200, 200, 200, 429, 429])
  const res = await t.app.inject({ method: 'GET', url: '/api/test/limited' })
  assert.equal(res.json().error.code, 'rate-limited')
  assert.match(res.json().error.message, /Try again in \d+ seconds/)
})

test('a number that overflows to Infinity in a query is a 400, not a 500', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/fhir/R4/TestThing/1?_count=1e400' })
  assert.equal(res.statusCode, 400)
  assert.match(JSON.stringify(res.json()), /_count/)
})

test('health and readiness', async () => {
  const health = await t.app.inject({ method: 'GET', url: '/healthz' })
  assert.equal(health.statusCode, 200)
  assert.equal(health.json().status, 'ok')
  const ready = await t.app.inject({ method: 'GET', url: '/readyz' })
  assert.equal(ready.statusCode, 200)
  assert.deepEqual(ready.json(), { status: 'ready', database: 'ok', pendingMigrations: [] })
})

test('request logs name the route template, never the URL with ids or query', async () => {
  await t.app.inject({ method: 'GET', url: '/fhir/R4/TestThing/patient-canary-id?name=query-canary' })
  const out = t.logs.text()
  assert.ok(out.includes('/fhir/R4/TestThing/:id'))
  assert.ok(!out.includes('patient-canary-id'))
  assert.ok(!out.includes('query-canary'))
})
