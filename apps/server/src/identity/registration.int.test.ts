// Patient self-registration as the patient and as an attacker see it: register, verify, sign in,
// enrol a second factor (part of sign-up, not optional); no enumeration; no account pre-hijacking.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { cookieFrom, createAccount, someAddress, TEST_PASSWORD } from '../testing/accounts.ts'
import {
  caller,
  LeakWatch,
  enrolTotp,
  linkToken,
  mailTo,
  withoutRequestId,
  type Call,
} from './registration-test-kit.ts'
import { generateTotp } from './totp.ts'

let t: TestApp
let call: Call
/** Every secret these tests handle; none may reach the logs. */
const watch = new LeakWatch()
before(async () => {
  t = await createTestApp()
  call = caller(t, watch.seen)
})
after(() => t.close())

let n = 0
const newEmail = () => `new-patient-${++n}-${Date.now()}@test.example`
const PASSWORD = 'lantern orchard velvet 7 quill'
watch.secret(PASSWORD, TEST_PASSWORD)

const register = (email: string, password = PASSWORD, displayName = 'Ada Patient') =>
  call('POST', '/api/auth/register', { payload: { email, password, displayName } })
const signIn = (email: string, password = PASSWORD) =>
  call('POST', '/api/auth/sign-in', { payload: { email, password } })

test('the whole sign-up: register, verify, sign in, enrol an authenticator app, recovery codes once', async () => {
  const email = newEmail()
  const registered = await register(email)
  assert.equal(registered.statusCode, 202)
  assert.equal(registered.headers['set-cookie'], undefined, 'registering does not sign in')

  const early = await signIn(email)
  assert.equal(early.statusCode, 403, 'an unverified address cannot sign in')
  assert.match(early.json().error.message, /Confirm your email/)

  const token = await linkToken(t, email, '/verify-email')
  watch.secret(token)
  const [verification] = await mailTo(t, email)
  assert.equal(verification?.category, 'verification')
  const verified = await call('POST', '/api/auth/verify-email', { payload: { token } })
  assert.equal(verified.statusCode, 200)
  assert.deepEqual(verified.json(), { ok: true })
  assert.equal(verified.headers['set-cookie'], undefined, 'verifying does not sign in either')
  const again = await call('POST', '/api/auth/verify-email', { payload: { token } })
  assert.equal(again.statusCode, 400, 'the link works once')
  assert.equal(again.json().error.details[0].path, 'body/token')

  const first = await signIn(email)
  assert.equal(first.statusCode, 200)
  assert.deepEqual(first.json(), { next: 'enrol', factors: [] })
  const partial = cookieFrom(first.headers['set-cookie'])
  const blocked = await call('GET', '/api/account/sessions', { cookie: partial })
  assert.equal(blocked.statusCode, 401, 'a password alone reaches nothing but enrolment (S7)')
  assert.equal(blocked.json().error.details[0].message, 'mfa-required')

  const enrolled = await enrolTotp(t, partial)
  watch.shownOnce(enrolled.secret, ...enrolled.recoveryCodes, enrolled.cookie)
  assert.ok(enrolled.recoveryCodes.length >= 8, 'recovery codes are shown at the end of enrolment')
  assert.notEqual(enrolled.cookie, partial, 'a new token once the second factor is in (no fixation)')
  const session = await call('GET', '/api/session', { cookie: enrolled.cookie })
  assert.equal(session.json().level, 'full')
  assert.equal(session.json().account.role, 'patient')
  assert.equal(session.json().account.displayName, 'Ada Patient')
  assert.equal((await call('GET', '/api/account/sessions', { cookie: enrolled.cookie })).statusCode, 200)
  assert.equal((await call('GET', '/api/session', { cookie: partial })).statusCode, 401)

  // Shown once: nothing later returns them.
  const factors = await call('GET', '/api/account/factors', { cookie: enrolled.cookie })
  assert.equal(factors.json().recoveryCodesLeft, enrolled.recoveryCodes.length)
  for (const code of enrolled.recoveryCodes) assert.ok(!factors.body.includes(code))
  const confirmAgain = await call('POST', '/api/account/mfa/totp/confirm', {
    cookie: enrolled.cookie,
    payload: { code: generateTotp(enrolled.secret, t.clock.now()) },
  })
  assert.equal(confirmAgain.statusCode, 400)
  for (const code of enrolled.recoveryCodes) assert.ok(!confirmAgain.body.includes(code))

  // S13: the new factor is told to the owner.
  const notices = (await mailTo(t, email)).filter((m) => m.category === 'factor-notice')
  assert.ok(notices.some((m) => /added/.test(m.subject)))

  // Next time: password, then the factor.
  const later = await signIn(email)
  assert.equal(later.json().next, 'mfa')
  assert.deepEqual(later.json().factors, ['totp', 'recovery-code'])
})

test('an address that already has an account gets the identical answer; only its owner hears (S10)', async () => {
  const owner = await createAccount(t, { role: 'patient' })
  const unknown = await register(newEmail())
  const known = await register(owner.email.toUpperCase(), 'a different pass phrase 93')
  assert.equal(known.statusCode, 202)
  assert.equal(known.statusCode, unknown.statusCode)
  assert.deepEqual(withoutRequestId(known.body), withoutRequestId(unknown.body))
  assert.deepEqual(Object.keys(known.headers).sort(), Object.keys(unknown.headers).sort())

  const mails = await mailTo(t, owner.email)
  assert.equal(mails.length, 1)
  assert.match(mails[0]!.subject, /tried to create an account/)
  assert.ok(!mails[0]!.text.includes('#t='), 'the notice carries no link that changes anything')
  // Nothing changed: the old password works, the would-be new one does not.
  assert.equal((await signIn(owner.email, 'a different pass phrase 93')).statusCode, 401)
  assert.equal((await signIn(owner.email, TEST_PASSWORD)).statusCode, 200)
})

test('known and unknown addresses take time of the same order (both hash the password)', async () => {
  const owner = await createAccount(t, { role: 'patient' })
  const time = async (email: string) => {
    const start = process.hrtime.bigint()
    assert.equal((await register(email)).statusCode, 202)
    return Number(process.hrtime.bigint() - start) / 1e6
  }
  const known: number[] = []
  const unknown: number[] = []
  for (let i = 0; i < 3; i++) {
    known.push(await time(owner.email))
    unknown.push(await time(newEmail()))
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!
  const [k, u] = [median(known), median(unknown)]
  assert.ok(Math.max(k, u) / Math.min(k, u) < 3, `known ${k.toFixed(1)} ms vs unknown ${u.toFixed(1)} ms`)
})

test("registering first with someone else's address buys nothing (no pre-hijacking)", async () => {
  const victim = newEmail()
  const attackerPassword = 'attacker picked this 4 phrase'
  watch.secret(attackerPassword)
  assert.equal((await register(victim, attackerPassword, 'Mallory')).statusCode, 202)
  const attackerLink = await linkToken(t, victim, '/verify-email')
  // The real owner registers later with their own password and opens THEIR link.
  assert.equal((await register(victim, PASSWORD, 'Victoria')).statusCode, 202)
  const ownerLink = await linkToken(t, victim, '/verify-email')
  assert.notEqual(ownerLink, attackerLink)
  assert.equal(
    (await call('POST', '/api/auth/verify-email', { payload: { token: ownerLink } })).statusCode,
    200,
  )

  assert.equal((await signIn(victim, attackerPassword)).statusCode, 401)
  const owner = await signIn(victim, PASSWORD)
  assert.equal(owner.statusCode, 200)
  const session = await call('GET', '/api/session', { cookie: cookieFrom(owner.headers['set-cookie']) })
  assert.equal(session.json().account.displayName, 'Victoria')
  const stale = await call('POST', '/api/auth/verify-email', { payload: { token: attackerLink } })
  assert.equal(stale.statusCode, 400, "the attacker's link stopped working")
})

test('the verification link expires after 24 hours', async () => {
  const email = newEmail()
  await register(email)
  const token = await linkToken(t, email, '/verify-email')
  t.clock.advance(24 * 3_600_000 + 1000)
  const res = await call('POST', '/api/auth/verify-email', { payload: { token } })
  assert.equal(res.statusCode, 400)
  assert.equal(res.json().error.details[0].path, 'body/token')
  assert.match(res.json().error.message, /Ask for a new link/)
})

test('unknown and malformed tokens get the same answer as an expired one', async () => {
  const random = await call('POST', '/api/auth/verify-email', {
    payload: { token: 'A'.repeat(43) },
  })
  const odd = await call('POST', '/api/auth/verify-email', { payload: { token: '!'.repeat(60) } })
  assert.equal(random.statusCode, 400)
  assert.deepEqual(withoutRequestId(random.body), withoutRequestId(odd.body))
})

test('the password policy applies, on body/password, and nothing is created', async () => {
  const email = newEmail()
  for (const password of ['short pass', 'password1234', `${email.split('@')[0]}-and-more`]) {
    const res = await register(email, password)
    assert.equal(res.statusCode, 400, password)
    assert.equal(res.json().error.details[0].path, 'body/password')
    assert.ok(!res.body.includes(password), 'the password is not echoed')
  }
  assert.equal((await mailTo(t, email)).length, 0)
  const row = await t.ctx.db.selectFrom('account').select('id').where('email', '=', email).executeTakeFirst()
  assert.equal(row, undefined)
})

test('nobody can register as staff or set fields the server owns', async () => {
  const res = await call('POST', '/api/auth/register', {
    payload: { email: newEmail(), password: PASSWORD, displayName: 'Eve', role: 'admin' },
  })
  assert.equal(res.statusCode, 400)
  assert.equal(res.json().error.details[0].path, 'body/role')
})

test('with self-registration off, every address gets a clear 403 and no mail', async () => {
  const owner = await createAccount(t, { role: 'patient' })
  await t.ctx.identity.settings.update({ patientSelfRegistration: false })
  try {
    const unknownEmail = newEmail()
    const unknown = await register(unknownEmail)
    const known = await register(owner.email)
    assert.equal(unknown.statusCode, 403)
    assert.match(unknown.json().error.message, /does not take registrations online/)
    assert.deepEqual(withoutRequestId(known.body), withoutRequestId(unknown.body))
    assert.equal((await mailTo(t, unknownEmail)).length, 0)
    assert.equal((await mailTo(t, owner.email)).length, 0)
  } finally {
    await t.ctx.identity.settings.update({ patientSelfRegistration: true })
  }
})

test('registration is rate limited per client address', async () => {
  const ip = someAddress()
  const statuses: number[] = []
  for (let i = 0; i < 11; i++) {
    const res = await call('POST', '/api/auth/register', {
      ip,
      payload: { email: newEmail(), password: 'short', displayName: 'x' },
    })
    statuses.push(res.statusCode)
  }
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(400))
  assert.equal(statuses[10], 429)
})

// Runs last: everything above handled link tokens and passwords.
test('no link token or password reached a response body or a log line', () => {
  watch.check(t)
})
