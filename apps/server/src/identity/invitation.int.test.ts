// Staff invitations as the admin, the invited person and an attacker see them: single use, 72 h,
// straight into second-factor enrolment (S7), admin changes need step-up (S17).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { cookieFrom, createAccount, signIn, TEST_PASSWORD, type TestAccount } from '../testing/accounts.ts'
import { caller, LeakWatch, enrolTotp, linkToken, mailTo, type Call } from './registration-test-kit.ts'

let t: TestApp
let call: Call
let admin: TestAccount
const watch = new LeakWatch()
before(async () => {
  t = await createTestApp()
  call = caller(t, watch.seen)
  admin = await createAccount(t, { role: 'admin' })
})
after(() => t.close())

const PASSWORD = 'copper willow tundra 55 sail'
watch.secret(PASSWORD, TEST_PASSWORD)
let n = 0
const newEmail = () => `staff-${++n}-${Date.now()}@test.example`

async function invite(email: string, extra: Record<string, unknown> = { role: 'clinician' }) {
  return call('POST', '/api/admin/invitations', {
    cookie: await signIn(t, admin),
    payload: { email, ...extra },
  })
}
const accept = (token: string, password = PASSWORD, displayName = 'Dr New') =>
  call('POST', '/api/invitations/accept', { payload: { token, displayName, password } })

test('invite, accept, enrol: the new staff member goes straight to the second factor', async () => {
  const email = newEmail()
  const created = await invite(email, { role: 'clinician', prescriber: true })
  assert.equal(created.statusCode, 201)
  const view = created.json()
  assert.equal(view.email, email)
  assert.equal(view.role, 'clinician')
  assert.equal(view.prescriber, true)
  assert.equal(view.specialist, false)
  assert.equal(Date.parse(view.expiresAt) - t.clock.now().getTime(), 72 * 3_600_000)

  const token = await linkToken(t, email, '/invitation')
  watch.secret(token)
  assert.ok(!created.body.includes(token), 'the link only travels by email')
  const [mail] = await mailTo(t, email)
  assert.equal(mail?.category, 'invitation')

  const pending = await call('GET', '/api/admin/invitations', { cookie: await signIn(t, admin) })
  assert.equal(pending.statusCode, 200)
  assert.ok(pending.json().invitations.some((i: { id: string }) => i.id === view.id))
  assert.ok(!pending.body.includes(token))

  const accepted = await accept(token)
  assert.equal(accepted.statusCode, 200)
  assert.deepEqual(accepted.json(), { next: 'enrol', factors: [] })
  const partial = cookieFrom(accepted.headers['set-cookie'])
  const session = await call('GET', '/api/session', { cookie: partial })
  assert.equal(session.json().level, 'partial')
  assert.deepEqual(
    { ...session.json().account, id: undefined },
    { id: undefined, email, displayName: 'Dr New', role: 'clinician', prescriber: true, specialist: false },
  )
  const blocked = await call('GET', '/api/account/sessions', { cookie: partial })
  assert.equal(blocked.statusCode, 401, 'nothing is reachable before enrolment')
  assert.equal(blocked.json().error.details[0].message, 'mfa-required')

  const enrolled = await enrolTotp(t, partial)
  watch.shownOnce(enrolled.secret, ...enrolled.recoveryCodes, enrolled.cookie)
  assert.ok(enrolled.recoveryCodes.length > 0)
  assert.equal((await call('GET', '/api/session', { cookie: enrolled.cookie })).json().level, 'full')

  const after = await call('GET', '/api/admin/invitations', { cookie: await signIn(t, admin) })
  assert.ok(!after.json().invitations.some((i: { id: string }) => i.id === view.id), 'no longer pending')
  const again = await accept(token, 'another long pass phrase 12', 'Mallory')
  assert.equal(again.statusCode, 400, 'single use')
  assert.equal(again.json().error.details[0].path, 'body/token')

  // Signing in later: password, then the factor.
  const later = await call('POST', '/api/auth/sign-in', { payload: { email, password: PASSWORD } })
  assert.equal(later.json().next, 'mfa')
})

test('an invitation expires after 72 hours', async () => {
  const email = newEmail()
  assert.equal((await invite(email)).statusCode, 201)
  const token = await linkToken(t, email, '/invitation')
  t.clock.advance(72 * 3_600_000 + 1000)
  const res = await accept(token)
  assert.equal(res.statusCode, 400)
  assert.equal(res.json().error.details[0].path, 'body/token')
  assert.equal(res.headers['set-cookie'], undefined)
  const list = await call('GET', '/api/admin/invitations', { cookie: await signIn(t, admin) })
  assert.ok(!list.json().invitations.some((i: { email: string }) => i.email === email))
})

test('inviting again replaces the earlier link', async () => {
  const email = newEmail()
  await invite(email)
  const first = await linkToken(t, email, '/invitation')
  await invite(email, { role: 'reception' })
  const second = await linkToken(t, email, '/invitation')
  assert.equal((await accept(first)).statusCode, 400)
  const ok = await accept(second)
  assert.equal(ok.statusCode, 200)
  const session = await call('GET', '/api/session', { cookie: cookieFrom(ok.headers['set-cookie']) })
  assert.equal(session.json().account.role, 'reception')
})

test('an address already in use is refused with 409 on body/email, whatever its case', async () => {
  const existing = await createAccount(t, { role: 'patient' })
  const res = await invite(existing.email.toUpperCase())
  assert.equal(res.statusCode, 409)
  assert.equal(res.json().error.details[0].path, 'body/email')
})

test('an address taken after the invitation was sent cannot be accepted', async () => {
  const email = newEmail()
  await invite(email)
  const token = await linkToken(t, email, '/invitation')
  await createAccount(t, { role: 'patient', email })
  const res = await accept(token)
  assert.equal(res.statusCode, 409)
  assert.equal(res.headers['set-cookie'], undefined)
})

test('clinician flags only on clinicians; no patient role through an invitation', async () => {
  const flagged = await invite(newEmail(), { role: 'reception', prescriber: true })
  assert.equal(flagged.statusCode, 400)
  assert.equal(flagged.json().error.details[0].path, 'body/prescriber')
  const patient = await invite(newEmail(), { role: 'patient' })
  assert.equal(patient.statusCode, 400)
  assert.match(patient.json().error.details[0].path, /^body\/role/)
})

test('a refused password leaves the invitation working', async () => {
  const email = newEmail()
  await invite(email)
  const token = await linkToken(t, email, '/invitation')
  const weak = await accept(token, 'password1')
  assert.equal(weak.statusCode, 400)
  assert.equal(weak.json().error.details[0].path, 'body/password')
  assert.equal((await accept(token)).statusCode, 200)
})

test('unknown tokens are refused on body/token, and nothing is created', async () => {
  const res = await accept('Q'.repeat(43))
  assert.equal(res.statusCode, 400)
  assert.equal(res.json().error.details[0].path, 'body/token')
  assert.equal(res.headers['set-cookie'], undefined)
})

test('inviting needs a second factor in the last 5 minutes (S17)', async () => {
  const cookie = await signIn(t, admin)
  t.clock.advance(5 * 60_000 + 1000)
  const email = newEmail()
  const res = await call('POST', '/api/admin/invitations', {
    cookie,
    payload: { email, role: 'clinician' },
  })
  assert.equal(res.statusCode, 403)
  assert.equal(res.json().error.details[0].message, 'step-up-required')
  assert.equal((await mailTo(t, email)).length, 0)
})

// Runs last: everything above handled link tokens and passwords.
test('no link token or password reached a response body or a log line', () => {
  watch.check(t)
})
