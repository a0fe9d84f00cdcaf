// Signing in as a user and as an attacker sees it: password then second factor, no enumeration,
// no path to data on a password alone, replayed codes refused, tokens rotated.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import {
  cookieFrom,
  createAccount,
  nextTotp,
  signIn,
  signInPassword,
  someAddress,
  type TestAccount,
} from '../testing/accounts.ts'
import { generateTotp } from './totp.ts'

let t: TestApp
let patient: TestAccount
before(async () => {
  t = await createTestApp()
  patient = await createAccount(t, { role: 'patient' })
})
after(() => t.close())

const inject = (method: 'GET' | 'POST', url: string, cookie?: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    remoteAddress: someAddress(),
    headers: { ...t.browserHeaders, ...(cookie ? { cookie } : {}) },
    ...(payload ? { payload } : {}),
  })

test('unknown email and wrong password get the identical answer (S10)', async () => {
  const unknown = await inject('POST', '/api/auth/sign-in', undefined, {
    email: 'nobody@test.example',
    password: 'whatever-password-1',
  })
  const wrong = await inject('POST', '/api/auth/sign-in', undefined, {
    email: patient.email,
    password: 'whatever-password-1',
  })
  assert.equal(unknown.statusCode, 401)
  assert.equal(wrong.statusCode, 401)
  const strip = (body: string) => ({ ...JSON.parse(body).error, requestId: undefined })
  assert.deepEqual(strip(unknown.body), strip(wrong.body))
})

test('a password alone gives a partial session that reaches nothing but MFA (S7)', async () => {
  const partial = await signInPassword(t, patient)
  const session = await inject('GET', '/api/session', partial)
  assert.equal(session.statusCode, 200)
  assert.equal(session.json().level, 'partial')
  const sessions = await inject('GET', '/api/account/sessions', partial)
  assert.equal(sessions.statusCode, 401)
  assert.equal(sessions.json().error.details[0].message, 'mfa-required')
  // A partial session cannot add a factor to an account that already has one (no MFA bypass).
  const enrol = await inject('POST', '/api/account/mfa/totp/start', partial)
  assert.equal(enrol.statusCode, 401)
})

test('TOTP completes sign-in with a new token; the old token and a replayed code fail (S11, S16)', async () => {
  const partial = await signInPassword(t, patient)
  const code = nextTotp(t, patient)
  const ok = await inject('POST', '/api/auth/mfa/totp', partial, { code })
  assert.equal(ok.statusCode, 200)
  const full = cookieFrom(ok.headers['set-cookie'])
  assert.notEqual(full, partial, 'the token changes when privilege changes (no fixation)')
  assert.equal((await inject('GET', '/api/account/sessions', full)).statusCode, 200)
  assert.equal((await inject('GET', '/api/session', partial)).statusCode, 401, 'the pre-MFA token is dead')

  const again = await signInPassword(t, patient)
  const replay = await inject('POST', '/api/auth/mfa/totp', again, { code })
  assert.equal(replay.statusCode, 400)
  assert.match(replay.json().error.message, /already used/)
})

test('cookie flags: __Host-, Secure, HttpOnly, SameSite=Strict, 256-bit token (S16)', async () => {
  const res = await inject('POST', '/api/auth/sign-in', undefined, {
    email: patient.email,
    password: patient.password,
  })
  const raw = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('__Host-tessera='))!
  assert.match(raw, /; Secure/)
  assert.match(raw, /; HttpOnly/)
  assert.match(raw, /; SameSite=Strict/)
  assert.match(raw, /; Path=\//)
  assert.doesNotMatch(raw, /Domain=/)
  const token = raw.split(';')[0]!.split('=')[1]!
  assert.ok(Buffer.from(token, 'base64url').length >= 32)
})

test('idle timeout: 30 min for patients, 15 for staff, 1 s past the limit is 401 (S14)', async () => {
  const cookie = await signIn(t, patient)
  t.clock.advance(30 * 60_000)
  assert.equal(
    (await inject('GET', '/api/account/sessions', cookie)).statusCode,
    200,
    'exactly at the limit still works',
  )
  t.clock.advance(30 * 60_000 + 1000)
  assert.equal((await inject('GET', '/api/account/sessions', cookie)).statusCode, 401)

  const clinician = await createAccount(t, { role: 'clinician' })
  const staff = await signIn(t, clinician)
  t.clock.advance(15 * 60_000 + 1000)
  assert.equal((await inject('GET', '/api/account/sessions', staff)).statusCode, 401)
})

test('absolute timeout: 12 h even when active (S14)', async () => {
  const cookie = await signIn(t, patient)
  for (let i = 0; i < 24; i++) {
    t.clock.advance(29 * 60_000)
    await inject('GET', '/api/account/sessions', cookie)
  }
  t.clock.advance(25 * 60_000)
  const res = await inject('GET', '/api/account/sessions', cookie)
  assert.equal(res.statusCode, 401, '11.6 h of activity, then one request at 12 h 1 min')
})

test('sign-out and "sign out everywhere else" end sessions at once (S15)', async () => {
  const person = await createAccount(t, { role: 'patient' })
  const a = await signIn(t, person)
  const b = await signIn(t, person)
  const c = await signIn(t, person)
  const list = await inject('GET', '/api/account/sessions', a)
  assert.equal(list.json().sessions.length, 3)
  const bId = (await t.ctx.identity.sessions.resolveToken(b.split('=')[1]!))!.sessionId
  const other = list.json().sessions.find((s: { id: string }) => s.id === bId)
  assert.ok(other)
  assert.equal(
    (
      await t.app.inject({
        method: 'DELETE',
        url: `/api/account/sessions/${other.id}`,
        headers: { ...t.browserHeaders, cookie: a },
      })
    ).statusCode,
    200,
  )
  assert.equal((await inject('GET', '/api/session', b)).statusCode, 401)
  assert.equal((await inject('GET', '/api/session', c)).statusCode, 200)
  await inject('POST', '/api/account/sessions/sign-out-others', a)
  assert.equal((await inject('GET', '/api/session', c)).statusCode, 401)
  assert.equal((await inject('GET', '/api/session', a)).statusCode, 200)
  await inject('POST', '/api/auth/sign-out', a)
  assert.equal((await inject('GET', '/api/session', a)).statusCode, 401)
})

test("another account's session id looks exactly like a missing one (S2)", async () => {
  const other = await createAccount(t, { role: 'patient' })
  await signIn(t, other)
  const otherSession = await t.ctx.db
    .selectFrom('session')
    .select('id')
    .where('account_id', '=', other.id)
    .executeTakeFirstOrThrow()
  const mine = await signIn(t, patient)
  const foreign = await t.app.inject({
    method: 'DELETE',
    url: `/api/account/sessions/${otherSession.id}`,
    headers: { ...t.browserHeaders, cookie: mine },
  })
  const missing = await t.app.inject({
    method: 'DELETE',
    url: '/api/account/sessions/00000000-0000-4000-8000-000000000000',
    headers: { ...t.browserHeaders, cookie: mine },
  })
  assert.equal(foreign.statusCode, 404)
  assert.equal(foreign.statusCode, missing.statusCode)
  assert.equal(foreign.json().error.message, missing.json().error.message)
})

test('lockout: backoff after repeated failures, locked at 100 with a notice, same answer throughout (S10)', async () => {
  const victim = await createAccount(t, { role: 'patient' })
  let last = ''
  for (let i = 0; i < 100; i++) {
    // From many addresses: the per-address rate limit does not save an account, the account count does.
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      remoteAddress: `198.51.100.${i}`,
      headers: t.browserHeaders,
      payload: { email: victim.email, password: `wrong-password-${i}` },
    })
    assert.equal(res.statusCode, 401)
    last = res.json().error.message
    t.clock.advance(16 * 60_000)
  }
  const row = await t.ctx.db
    .selectFrom('account')
    .select(['failed_sign_ins', 'locked_until'])
    .where('id', '=', victim.id)
    .executeTakeFirstOrThrow()
  assert.equal(row.failed_sign_ins, 100)
  t.clock.advance(60 * 60_000)
  const right = await t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    remoteAddress: '198.51.100.200',
    headers: t.browserHeaders,
    payload: { email: victim.email, password: victim.password },
  })
  assert.equal(right.statusCode, 401, 'even the right password is refused once locked')
  assert.equal(right.json().error.message, last)
  await t.deliverMail()
  assert.ok(t.outbox.list().some((m) => m.to === victim.email && /locked/.test(m.subject)))
})

test('TOTP codes two steps away are refused', async () => {
  const partial = await signInPassword(t, patient)
  t.clock.advance(30_000)
  const stale = generateTotp(patient.totpSecret!, new Date(t.clock.now().getTime() - 60_000))
  const res = await inject('POST', '/api/auth/mfa/totp', partial, { code: stale })
  assert.equal(res.statusCode, 400)
})
