// The admin's app registry (admin role, fresh second factor to change it, the secret shown once)
// and the consent request's rules (bound to one person, decided once, ends after 10 minutes).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import * as client from 'openid-client'
import { signIn } from '../testing/accounts.ts'
import {
  authorize,
  discover,
  exchange,
  person,
  REDIRECT_URI,
  registerApp,
  startSmartServer,
  type SmartServer,
} from './smart-test-kit.ts'

let s: SmartServer
before(async () => {
  s = await startSmartServer()
})
after(() => s.close())

const BODY = {
  name: 'Health diary',
  type: 'confidential',
  redirectUris: ['https://diary.example/callback', 'http://localhost:9000/cb'],
  scopes: ['patient/*.rs', 'openid', 'fhirUser', 'offline_access'],
}

async function call(cookie: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
  return s.t.app.inject({
    method,
    url,
    headers: { ...s.t.browserHeaders, cookie },
    ...(payload ? { payload } : {}),
  })
}

test('the admin registers a confidential app (step-up) and sees its secret exactly once', async () => {
  const cookie = await signIn(s.t, s.admin)
  const res = await call(cookie, 'POST', '/api/admin/smart-apps', BODY)
  assert.equal(res.statusCode, 201, res.body)
  const { app, clientSecret } = res.json<{
    app: { clientId: string; scopes: string[] }
    clientSecret: string
  }>()
  assert.match(clientSecret, /^[A-Za-z0-9_-]{43}$/)
  assert.deepEqual(app.scopes, BODY.scopes)
  const list = await call(cookie, 'GET', '/api/admin/smart-apps')
  assert.equal(list.statusCode, 200)
  assert.ok(!list.body.includes(clientSecret), 'the list never shows the secret')
  assert.ok(list.body.includes(app.clientId))

  // The secret works with a real client library: a client-authenticated call succeeds.
  const config = await discover(s, { clientId: app.clientId, clientSecret, type: 'confidential' })
  assert.deepEqual(await client.tokenIntrospection(config, 'nothing'), { active: false })

  const disable = await call(cookie, 'POST', `/api/admin/smart-apps/${app.clientId}/disable`)
  assert.equal(disable.statusCode, 200)
  assert.equal((await call(cookie, 'POST', `/api/admin/smart-apps/${app.clientId}/disable`)).statusCode, 404)
})

test('registration checks redirect URIs and scopes, naming the field', async () => {
  const cookie = await signIn(s.t, s.admin)
  for (const [change, path] of [
    [{ redirectUris: ['http://diary.example/cb'] }, 'redirectUris/0'],
    [{ redirectUris: ['https://diary.example/cb#frag'] }, 'redirectUris/0'],
    [{ redirectUris: ['not a url'] }, 'redirectUris/0'],
    [{ scopes: ['patient/*.rs', 'system/*.rs'] }, 'scopes/1'],
    [{ scopes: ['patient/Unicorn.rs'] }, 'scopes/0'],
  ] as const) {
    const res = await call(cookie, 'POST', '/api/admin/smart-apps', { ...BODY, ...change })
    assert.equal(res.statusCode, 400, JSON.stringify(change))
    assert.ok(res.body.includes(path), res.body)
  }
  const extra = await call(cookie, 'POST', '/api/admin/smart-apps', { ...BODY, secret: 'x' })
  assert.equal(extra.statusCode, 400)
})

test('only an admin with a fresh second factor may register or disable; others are refused', async () => {
  for (const role of ['clinician', 'patient', 'privacy-officer'] as const) {
    const cookie = await signIn(s.t, await person(s, role))
    assert.equal((await call(cookie, 'POST', '/api/admin/smart-apps', BODY)).statusCode, 403, role)
    assert.equal((await call(cookie, 'GET', '/api/admin/smart-apps')).statusCode, 403, role)
  }
  const cookie = await signIn(s.t, s.admin)
  s.t.clock.advance(6 * 60_000)
  const stale = await call(cookie, 'POST', '/api/admin/smart-apps', BODY)
  assert.equal(stale.statusCode, 403)
  assert.match(stale.body, /step-up-required/)
})

test('a consent request belongs to the first person who opens it, is decided once, and ends after 10 minutes', async () => {
  const app = await registerApp(s, 'public')
  const verifier = client.randomPKCECodeVerifier()
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'patient/*.rs',
    state: 'abc',
    aud: s.fhirBase,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  })
  const start = async () => {
    const res = await fetch(`${s.base}/oauth/authorize?${params.toString()}`, { redirect: 'manual' })
    return new URL(res.headers.get('location')!).pathname.split('/').at(-1)!
  }
  const first = await signIn(s.t, await person(s, 'patient'))
  const second = await signIn(s.t, await person(s, 'patient'))
  const id = await start()
  assert.equal((await call(first, 'GET', `/api/smart/requests/${id}`)).statusCode, 200)
  assert.equal((await call(second, 'GET', `/api/smart/requests/${id}`)).statusCode, 404)
  assert.equal((await call(second, 'POST', `/api/smart/requests/${id}/allow`)).statusCode, 404)
  assert.equal((await call(first, 'POST', `/api/smart/requests/${id}/deny`)).statusCode, 200)
  assert.equal((await call(first, 'POST', `/api/smart/requests/${id}/allow`)).statusCode, 404)

  const later = await start()
  assert.equal((await call(first, 'GET', `/api/smart/requests/${later}`)).statusCode, 200)
  s.t.clock.advance(10 * 60_000 + 1)
  assert.equal((await call(first, 'POST', `/api/smart/requests/${later}/allow`)).statusCode, 404)
  // Without a session the consent API answers 401 (the page then shows sign-in in place).
  const anonymous = await s.t.app.inject({ method: 'GET', url: `/api/smart/requests/${later}` })
  assert.equal(anonymous.statusCode, 401)
})

test('the audit trail records the consent and the token issue, naming the person and the app', async () => {
  const app = await registerApp(s, 'public')
  const patient = await person(s, 'patient')
  const flow = await authorize(s, app, patient, 'patient/*.rs offline_access')
  const tokens = await exchange(flow)
  const events = await s.t.ctx.db
    .selectFrom('audit_event')
    .select(['action', 'actor_id', 'outcome', 'body'])
    .where('action', 'in', [
      'smart.consent.allow',
      'smart.token.issue',
      'smart.authorize',
      'smart.request.view',
    ])
    .where('actor_id', '=', patient.id)
    .execute()
  assert.deepEqual(events.map((e) => e.action).sort(), [
    'smart.consent.allow',
    'smart.request.view',
    'smart.token.issue',
  ])
  for (const event of events) assert.match(JSON.stringify(event.body), new RegExp(`Device/${app.clientId}`))
  // No secret reaches the logs (S21): not the code, the verifier, or either token.
  const log = s.t.logs.text()
  const secrets = [
    flow.callback.searchParams.get('code')!,
    flow.verifier,
    tokens.access_token,
    tokens.refresh_token!,
  ]
  for (const secret of secrets) assert.ok(!log.includes(secret), 'a secret reached the log')
})
