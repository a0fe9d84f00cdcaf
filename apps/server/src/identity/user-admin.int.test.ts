// The admin's user management, settings and outbox, as the admin, the affected person and a
// non-admin see them: changes take effect at once (S15), need step-up (S17), and only admins get in.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { createAccount, signIn, TEST_PASSWORD, type TestAccount } from '../testing/accounts.ts'
import { caller, LeakWatch, type Call, type Method } from './registration-test-kit.ts'

let t: TestApp
let call: Call
let admin: TestAccount
const watch = new LeakWatch()
watch.secret(TEST_PASSWORD)
before(async () => {
  t = await createTestApp()
  call = caller(t, watch.seen)
  admin = await createAccount(t, { role: 'admin' })
})
after(() => t.close())

const alive = async (cookie: string) => (await call('GET', '/api/session', { cookie })).statusCode === 200
const update = async (userId: string, payload: Record<string, unknown>, cookie?: string) =>
  call('PATCH', `/api/admin/users/${userId}`, { cookie: cookie ?? (await signIn(t, admin)), payload })
const signInStatus = async (account: TestAccount) =>
  (
    await call('POST', '/api/auth/sign-in', {
      payload: { email: account.email, password: account.password },
    })
  ).statusCode

test('the user list: staff by default, patients on request, with MFA state and a search', async () => {
  const createdAt = t.clock.now().toISOString()
  const clinician = await createAccount(t, { role: 'clinician', prescriber: true, displayName: 'Dr Zed Q' })
  const noMfa = await createAccount(t, { role: 'pharmacist', totp: false })
  const patient = await createAccount(t, { role: 'patient' })
  const cookie = await signIn(t, admin)

  const staff = await call('GET', '/api/admin/users', { cookie })
  assert.equal(staff.statusCode, 200)
  const byId = new Map(staff.json().users.map((u: { id: string }) => [u.id, u]))
  assert.deepEqual(byId.get(clinician.id), {
    id: clinician.id,
    email: clinician.email,
    displayName: 'Dr Zed Q',
    role: 'clinician',
    prescriber: true,
    specialist: false,
    disabled: false,
    mfaEnrolled: true,
    createdAt,
  })
  assert.equal((byId.get(noMfa.id) as { mfaEnrolled: boolean }).mfaEnrolled, false)
  assert.equal(byId.has(patient.id), false, 'patients are not in the staff list')
  assert.ok(!staff.body.includes('password'), 'no hash or secret in the list')

  const patients = await call('GET', '/api/admin/users?scope=patients', { cookie })
  const ids = patients.json().users.map((u: { id: string; role: string }) => u.id)
  assert.ok(ids.includes(patient.id))
  assert.ok(patients.json().users.every((u: { role: string }) => u.role === 'patient'))

  const search = await call('GET', '/api/admin/users?q=zed%20q', { cookie })
  assert.deepEqual(
    search.json().users.map((u: { id: string }) => u.id),
    [clinician.id],
  )
  const literal = await call('GET', '/api/admin/users?q=%25', { cookie })
  assert.equal(literal.json().users.length, 0, '% is a character to find, not a wildcard')
  assert.equal((await call('GET', '/api/admin/users?scope=all', { cookie })).statusCode, 400)
})

test('disabling ends every session of that account at once, and enabling lets it sign in again (S15)', async () => {
  const target = await createAccount(t, { role: 'clinician' })
  const a = await signIn(t, target)
  const b = await signIn(t, target)
  const res = await update(target.id, { disabled: true })
  assert.equal(res.statusCode, 200)
  assert.equal(res.json().disabled, true)
  assert.equal(await alive(a), false)
  assert.equal(await alive(b), false)
  assert.equal(await signInStatus(target), 401, 'answers like a wrong password')

  const enabled = await update(target.id, { disabled: false })
  assert.equal(enabled.json().disabled, false)
  assert.equal(await signInStatus(target), 200)
})

test('a role or flag change ends the sessions too; the next sign-in has the new rights (S15)', async () => {
  const target = await createAccount(t, { role: 'clinician', prescriber: true })
  const before = await signIn(t, target)
  const res = await update(target.id, { role: 'reception' })
  assert.equal(res.statusCode, 200)
  assert.equal(res.json().role, 'reception')
  assert.equal(res.json().prescriber, false, 'leaving the clinician role drops the clinician flags')
  assert.equal(await alive(before), false)
  const after = await signIn(t, target)
  assert.equal((await call('GET', '/api/session', { cookie: after })).json().account.role, 'reception')

  const clinician = await createAccount(t, { role: 'clinician' })
  const session = await signIn(t, clinician)
  const flagged = await update(clinician.id, { specialist: true })
  assert.equal(flagged.json().specialist, true)
  assert.equal(await alive(session), false, 'a flag is a privilege too')

  const unchanged = await signIn(t, clinician)
  assert.equal((await update(clinician.id, { specialist: true })).statusCode, 200)
  assert.equal(await alive(unchanged), true, 'a change to nothing ends nothing')

  const bad = await update(target.id, { prescriber: true })
  assert.equal(bad.statusCode, 400)
  assert.equal(bad.json().error.details[0].path, 'body/prescriber')
})

test('an admin cannot disable or demote themselves', async () => {
  const cookie = await signIn(t, admin)
  const disable = await update(admin.id, { disabled: true }, cookie)
  assert.equal(disable.statusCode, 409)
  assert.match(disable.json().error.message, /cannot disable your own account/)
  assert.equal(disable.json().error.details[0].path, 'body/disabled')
  const demote = await update(admin.id, { role: 'clinician' }, cookie)
  assert.equal(demote.statusCode, 409)
  assert.match(demote.json().error.message, /cannot remove your own admin role/)
  assert.equal(await alive(cookie), true)
})

test("a patient account's role cannot be changed here, but it can be disabled", async () => {
  const patient = await createAccount(t, { role: 'patient' })
  const res = await update(patient.id, { role: 'admin' })
  assert.equal(res.statusCode, 409)
  assert.equal(res.json().error.details[0].path, 'body/role')
  const flags = await update(patient.id, { prescriber: true })
  assert.equal(flags.statusCode, 409)
  const row = await t.ctx.db
    .selectFrom('account')
    .select('role')
    .where('id', '=', patient.id)
    .executeTakeFirst()
  assert.equal(row?.role, 'patient')
  assert.equal((await update(patient.id, { disabled: true })).statusCode, 200)
  assert.equal(await signInStatus(patient), 401)
})

test('unknown ids are 404, malformed ids and empty or unknown fields are 400', async () => {
  const cookie = await signIn(t, admin)
  const unknown = await update('00000000-0000-4000-8000-000000000000', { disabled: true }, cookie)
  assert.equal(unknown.statusCode, 404)
  const session = await t.ctx.db.selectFrom('session').select('id').executeTakeFirstOrThrow()
  assert.equal((await update(session.id, { disabled: true }, cookie)).statusCode, 404, 'not an account')
  assert.equal((await update('not-a-uuid', { disabled: true }, cookie)).statusCode, 400)
  assert.equal((await update(admin.id, {}, cookie)).statusCode, 400)
  const extra = await update(admin.id, { email: 'x@test.example' }, cookie)
  assert.equal(extra.statusCode, 400)
  assert.equal(extra.json().error.details[0].path, 'body/email')
})

test('authentication settings: read, change, and the change takes effect', async () => {
  const cookie = await signIn(t, admin)
  const read = await call('GET', '/api/admin/settings/auth', { cookie })
  assert.deepEqual(read.json(), { patientSelfRegistration: true, patientEmailCodeAllowed: true })
  const off = { patientSelfRegistration: false, patientEmailCodeAllowed: false }
  const put = await call('PUT', '/api/admin/settings/auth', { cookie, payload: off })
  assert.equal(put.statusCode, 200)
  assert.deepEqual(put.json(), off)
  assert.deepEqual((await call('GET', '/api/admin/settings/auth', { cookie })).json(), off)
  const register = await call('POST', '/api/auth/register', {
    payload: { email: 'later@test.example', password: 'granite meadow 41 lantern', displayName: 'L' },
  })
  assert.equal(register.statusCode, 403)
  const partialBody = await call('PUT', '/api/admin/settings/auth', {
    cookie,
    payload: { patientSelfRegistration: true },
  })
  assert.equal(partialBody.statusCode, 400, 'both settings, every time')
  const back = { patientSelfRegistration: true, patientEmailCodeAllowed: true }
  assert.equal((await call('PUT', '/api/admin/settings/auth', { cookie, payload: back })).statusCode, 200)
})

test('user changes and settings changes need a second factor in the last 5 minutes (S17)', async () => {
  const target = await createAccount(t, { role: 'reception' })
  const cookie = await signIn(t, admin)
  t.clock.advance(5 * 60_000 + 1000)
  const patch = await update(target.id, { disabled: true }, cookie)
  assert.equal(patch.statusCode, 403)
  assert.equal(patch.json().error.details[0].message, 'step-up-required')
  const put = await call('PUT', '/api/admin/settings/auth', {
    cookie,
    payload: { patientSelfRegistration: false, patientEmailCodeAllowed: false },
  })
  assert.equal(put.statusCode, 403)
  assert.equal(put.json().error.details[0].message, 'step-up-required')
  assert.equal((await t.ctx.identity.settings.get()).patientSelfRegistration, true)
  assert.equal(await signInStatus(target), 200, 'nothing changed')
  assert.equal(
    (await call('GET', '/api/admin/users', { cookie })).statusCode,
    200,
    'reading needs no step-up',
  )
})

test('the development outbox: newest first, at most 100, and says SMTP is not configured', async () => {
  const base = t.clock.now().getTime()
  await t.ctx.db
    .insertInto('outbox_mail')
    .values(
      Array.from({ length: 105 }, (_, i) => ({
        to_address: `p${i}@test.example`,
        subject: `message ${i}`,
        body: 'Sign in to see it.',
        category: 'notification',
        created_at: new Date(base + i * 1000),
      })),
    )
    .execute()
  const res = await call('GET', '/api/admin/outbox', { cookie: await signIn(t, admin) })
  assert.equal(res.statusCode, 200)
  assert.equal(res.json().smtpConfigured, false)
  const messages = res.json().messages
  assert.equal(messages.length, 100)
  assert.equal(messages[0].subject, 'message 104')
  assert.equal(messages[0].to, 'p104@test.example')
  assert.equal(messages[99].subject, 'message 5')
})

test('with SMTP configured the outbox shows nothing', async () => {
  const smtp = await createTestApp({ config: { smtpHost: 'mail.test.example' } })
  try {
    const boss = await createAccount(smtp, { role: 'admin' })
    await smtp.ctx.db
      .insertInto('outbox_mail')
      .values({
        to_address: 'a@test.example',
        subject: 's',
        body: 'b',
        category: 'reset',
        created_at: new Date(),
      })
      .execute()
    const res = await caller(smtp)('GET', '/api/admin/outbox', { cookie: await signIn(smtp, boss) })
    assert.deepEqual(res.json(), { smtpConfigured: true, messages: [] })
  } finally {
    await smtp.close()
  }
})

const ADMIN_ROUTES: Array<[Method, string, unknown?]> = [
  ['POST', '/api/admin/invitations', { email: 'who@test.example', role: 'clinician' }],
  ['GET', '/api/admin/invitations'],
  ['GET', '/api/admin/users'],
  ['GET', '/api/admin/users?scope=patients'],
  ['PATCH', '/api/admin/users/ID', { disabled: true }],
  ['GET', '/api/admin/settings/auth'],
  ['PUT', '/api/admin/settings/auth', { patientSelfRegistration: false, patientEmailCodeAllowed: false }],
  ['GET', '/api/admin/outbox'],
]

test('every admin route: 403 for every other role, 401 without a session or with a partial one', async () => {
  const victim = await createAccount(t, { role: 'clinician' })
  const routes = ADMIN_ROUTES.map(([m, url, body]) => [m, url.replace('ID', victim.id), body] as const)
  for (const role of ['patient', 'clinician', 'pharmacist', 'reception', 'privacy-officer'] as const) {
    const cookie = await signIn(t, await createAccount(t, { role }))
    for (const [method, url, payload] of routes) {
      const res = await call(method, url, { cookie, payload })
      assert.equal(res.statusCode, 403, `${role} ${method} ${url}`)
      assert.ok(!res.body.includes(victim.email), 'a denied body carries no data')
    }
  }
  const partial = (
    await call('POST', '/api/auth/sign-in', { payload: { email: admin.email, password: admin.password } })
  ).headers['set-cookie']
  const partialCookie = [partial].flat()[0]!.split(';')[0]!
  for (const [method, url, payload] of routes) {
    assert.equal((await call(method, url, { payload })).statusCode, 401, `anonymous ${method} ${url}`)
    assert.equal((await call(method, url, { cookie: partialCookie, payload })).statusCode, 401)
  }
  assert.equal(await signInStatus(victim), 200, 'nothing happened to the target')
  assert.equal((await t.ctx.identity.settings.get()).patientSelfRegistration, true)
})

test('no password reached a response body or a log line', () => {
  watch.check(t)
})
