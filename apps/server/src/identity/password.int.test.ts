// Password reset and change as the owner and as an attacker see them: no enumeration, single-use
// expiring links, no way round the second factor (S13), every old session ended (S15), step-up (S17).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import {
  cookieFrom,
  createAccount,
  signIn,
  someAddress,
  TEST_PASSWORD,
  type TestAccount,
} from '../testing/accounts.ts'
import { caller, LeakWatch, linkToken, mailTo, withoutRequestId, type Call } from './registration-test-kit.ts'

let t: TestApp
let call: Call
const watch = new LeakWatch()
before(async () => {
  t = await createTestApp()
  call = caller(t, watch.seen)
})
after(() => t.close())

const NEW_PASSWORD = 'marble kettle across 19 dunes'
watch.secret(NEW_PASSWORD, TEST_PASSWORD)

const requestReset = (email: string, ip?: string) =>
  call('POST', '/api/auth/password-reset/request', { payload: { email }, ...(ip ? { ip } : {}) })
const completeReset = (token: string, password = NEW_PASSWORD) =>
  call('POST', '/api/auth/password-reset/complete', { payload: { token, password } })
const signInWith = (email: string, password: string) =>
  call('POST', '/api/auth/sign-in', { payload: { email, password } })
const alive = async (cookie: string) => (await call('GET', '/api/session', { cookie })).statusCode === 200

async function resetToken(account: TestAccount): Promise<string> {
  assert.equal((await requestReset(account.email)).statusCode, 202)
  const token = await linkToken(t, account.email, '/reset-password')
  watch.secret(token)
  return token
}

test('asking for a reset answers the same for known and unknown addresses; only the owner gets mail', async () => {
  const owner = await createAccount(t)
  const unknownEmail = `nobody-${Date.now()}@test.example`
  const known = await requestReset(owner.email)
  const unknown = await requestReset(unknownEmail)
  assert.equal(known.statusCode, 202)
  assert.deepEqual(withoutRequestId(known.body), withoutRequestId(unknown.body))
  assert.deepEqual(Object.keys(known.headers).sort(), Object.keys(unknown.headers).sort())
  assert.equal((await mailTo(t, unknownEmail)).length, 0)
  const [mail] = await mailTo(t, owner.email)
  assert.equal(mail?.category, 'reset')
  assert.match(mail.text, /second sign-in step/)
  assert.ok(!known.body.includes('#t='), 'the link only travels by email')
})

test('a reset changes the password, ends every session, and still asks for the second factor (S13, S15)', async () => {
  const owner = await createAccount(t)
  const laptop = await signIn(t, owner)
  const phone = await signIn(t, owner)
  const token = await resetToken(owner)
  const done = await completeReset(token)
  assert.equal(done.statusCode, 200)
  assert.equal(done.headers['set-cookie'], undefined, 'a reset never signs in')
  assert.equal(await alive(laptop), false)
  assert.equal(await alive(phone), false)

  assert.equal((await signInWith(owner.email, owner.password)).statusCode, 401, 'the old password is gone')
  const next = await signInWith(owner.email, NEW_PASSWORD)
  assert.equal(next.statusCode, 200)
  assert.deepEqual(next.json(), { next: 'mfa', factors: ['totp'] })
  const partial = cookieFrom(next.headers['set-cookie'])
  const data = await call('GET', '/api/account/sessions', { cookie: partial })
  assert.equal(data.statusCode, 401, 'the new password alone reaches nothing')
  assert.equal(data.json().error.details[0].message, 'mfa-required')
  // Nor can the partial session enrol a new factor of its own choosing.
  assert.equal((await call('POST', '/api/account/mfa/totp/start', { cookie: partial })).statusCode, 401)

  const notice = (await mailTo(t, owner.email)).find((m) => m.subject === 'Your password was changed')
  assert.ok(notice, 'the owner is told')
  assert.equal(notice.category, 'factor-notice')
  assert.match(notice.text, /reset-password|forgot-password/)
})

test('a reset link works once', async () => {
  const owner = await createAccount(t)
  const token = await resetToken(owner)
  assert.equal((await completeReset(token)).statusCode, 200)
  const replay = await completeReset(token, 'yet another fine pass phrase')
  assert.equal(replay.statusCode, 400)
  assert.equal(replay.json().error.details[0].path, 'body/token')
  assert.equal((await signInWith(owner.email, NEW_PASSWORD)).statusCode, 200)
})

test('a reset link expires after 30 minutes', async () => {
  const owner = await createAccount(t)
  const token = await resetToken(owner)
  t.clock.advance(30 * 60_000 + 1000)
  const late = await completeReset(token)
  assert.equal(late.statusCode, 400)
  assert.equal(late.json().error.details[0].path, 'body/token')
  assert.equal((await signInWith(owner.email, owner.password)).statusCode, 200, 'nothing changed')
})

test('only the newest reset link works', async () => {
  const owner = await createAccount(t)
  const older = await resetToken(owner)
  const newer = await resetToken(owner)
  assert.notEqual(older, newer)
  assert.equal((await completeReset(older)).statusCode, 400)
  assert.equal((await completeReset(newer)).statusCode, 200)
})

test('a refused password leaves the link working', async () => {
  const owner = await createAccount(t)
  const token = await resetToken(owner)
  const weak = await completeReset(token, 'password')
  assert.equal(weak.statusCode, 400)
  assert.equal(weak.json().error.details[0].path, 'body/password')
  assert.equal((await completeReset(token)).statusCode, 200)
})

test('a reset unlocks a locked account', async () => {
  const owner = await createAccount(t)
  await t.ctx.db
    .updateTable('account')
    .set({ failed_sign_ins: 100, locked_until: new Date(t.clock.now().getTime() + 3_600_000 * 24 * 365) })
    .where('id', '=', owner.id)
    .execute()
  assert.equal((await signInWith(owner.email, owner.password)).statusCode, 401)
  assert.equal((await completeReset(await resetToken(owner))).statusCode, 200)
  assert.equal((await signInWith(owner.email, NEW_PASSWORD)).json().next, 'mfa')
})

test('a disabled account gets no reset link, and an earlier link stops working', async () => {
  const owner = await createAccount(t)
  const token = await resetToken(owner)
  const admin = await createAccount(t, { role: 'admin' })
  const disabled = await call('PATCH', `/api/admin/users/${owner.id}`, {
    cookie: await signIn(t, admin),
    payload: { disabled: true },
  })
  assert.equal(disabled.statusCode, 200)
  assert.equal((await completeReset(token)).statusCode, 400)
  const before = (await mailTo(t, owner.email)).length
  assert.equal((await requestReset(owner.email)).statusCode, 202)
  assert.equal((await mailTo(t, owner.email)).length, before)
})

test('reset mail to one account is capped, whatever the number of client addresses', async () => {
  const owner = await createAccount(t)
  for (let i = 0; i < 6; i++) assert.equal((await requestReset(owner.email)).statusCode, 202)
  assert.equal((await mailTo(t, owner.email)).filter((m) => m.category === 'reset').length, 3)
  t.clock.advance(15 * 60_000 + 1000)
  await requestReset(owner.email)
  assert.equal((await mailTo(t, owner.email)).filter((m) => m.category === 'reset').length, 4)
})

test('reset requests are rate limited per client address', async () => {
  const ip = someAddress()
  const statuses: number[] = []
  for (let i = 0; i < 6; i++) statuses.push((await requestReset(`x${i}@test.example`, ip)).statusCode)
  assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429])
})

test('changing the password: current one checked, other sessions end, this one gets a new token (S15)', async () => {
  const owner = await createAccount(t)
  const other = await signIn(t, owner)
  const current = await signIn(t, owner)
  const change = (currentPassword: string, newPassword: string) =>
    call('POST', '/api/account/password', { cookie: current, payload: { currentPassword, newPassword } })

  const wrong = await change('not my password at all', NEW_PASSWORD)
  assert.equal(wrong.statusCode, 400)
  assert.equal(wrong.json().error.details[0].path, 'body/currentPassword')
  const weak = await change(owner.password, 'qwerty')
  assert.equal(weak.statusCode, 400)
  assert.equal(weak.json().error.details[0].path, 'body/newPassword')
  assert.equal(await alive(other), true, 'refused changes change nothing')

  const ok = await change(owner.password, NEW_PASSWORD)
  assert.equal(ok.statusCode, 200)
  assert.deepEqual(ok.json(), { ok: true })
  const rotated = cookieFrom(ok.headers['set-cookie'])
  assert.notEqual(rotated, current)
  assert.equal(await alive(rotated), true)
  assert.equal(await alive(current), false, 'the old token of this session is dead')
  assert.equal(await alive(other), false, 'every other session ended')
  assert.equal((await signInWith(owner.email, NEW_PASSWORD)).statusCode, 200)
  assert.equal((await signInWith(owner.email, owner.password)).statusCode, 401)
  const notices = (await mailTo(t, owner.email)).filter((m) => m.subject === 'Your password was changed')
  assert.equal(notices.length, 1)
})

test('changing the password needs a second factor in the last 5 minutes (S17) and a full session', async () => {
  const owner = await createAccount(t)
  const cookie = await signIn(t, owner)
  t.clock.advance(5 * 60_000 + 1000)
  const stale = await call('POST', '/api/account/password', {
    cookie,
    payload: { currentPassword: owner.password, newPassword: NEW_PASSWORD },
  })
  assert.equal(stale.statusCode, 403)
  assert.equal(stale.json().error.details[0].message, 'step-up-required')

  const partial = cookieFrom((await signInWith(owner.email, owner.password)).headers['set-cookie'])
  const res = await call('POST', '/api/account/password', {
    cookie: partial,
    payload: { currentPassword: owner.password, newPassword: NEW_PASSWORD },
  })
  assert.equal(res.statusCode, 401)
  assert.equal((await signInWith(owner.email, owner.password)).statusCode, 200, 'unchanged')
})

// Runs last: everything above handled link tokens and passwords.
test('no link token or password reached a response body or a log line', () => {
  watch.check(t)
})
