// Second-factor enrolment and removal, as the account owner and as someone holding only the password.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { cookieFrom, createAccount, signInPassword, someAddress } from '../testing/accounts.ts'
import { generateTotp } from './totp.ts'

let t: TestApp
before(async () => {
  t = await createTestApp()
})
after(() => t.close())

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, cookie: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    remoteAddress: someAddress(),
    headers: { ...t.browserHeaders, cookie },
    ...(payload ? { payload } : {}),
  })

async function enrolTotp(
  cookie: string,
): Promise<{ cookie: string; secret: string; recoveryCodes: string[] }> {
  const start = await call('POST', '/api/account/mfa/totp/start', cookie)
  assert.equal(start.statusCode, 200)
  const { secret, uri } = start.json()
  assert.match(uri, /^otpauth:\/\/totp\/.*secret=/)
  t.clock.advance(30_000)
  const confirm = await call('POST', '/api/account/mfa/totp/confirm', cookie, {
    code: generateTotp(secret, t.clock.now()),
  })
  assert.equal(confirm.statusCode, 200, confirm.body)
  return {
    cookie: cookieFrom(confirm.headers['set-cookie']),
    secret,
    recoveryCodes: confirm.json().recoveryCodes,
  }
}

test('a new account must enrol: password gives next=enrol, TOTP enrolment completes sign-in with 10 recovery codes', async () => {
  const person = await createAccount(t, { role: 'patient', totp: false })
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    remoteAddress: someAddress(),
    headers: t.browserHeaders,
    payload: { email: person.email, password: person.password },
  })
  assert.deepEqual(res.json(), { next: 'enrol', factors: [] })
  const partial = cookieFrom(res.headers['set-cookie'])
  assert.equal((await call('GET', '/api/account/sessions', partial)).statusCode, 401)
  const { cookie, recoveryCodes } = await enrolTotp(partial)
  assert.equal(recoveryCodes.length, 10)
  assert.equal((await call('GET', '/api/account/sessions', cookie)).statusCode, 200)
  const factors = (await call('GET', '/api/account/factors', cookie)).json()
  assert.equal(factors.totp, true)
  assert.equal(factors.recoveryCodesLeft, 10)
  await t.deliverMail()
  assert.ok(
    t.outbox.list().some((m) => m.to === person.email && /added to your account/.test(m.subject)),
    'the owner is told (S13)',
  )
})

test('a wrong confirmation code does not enrol anything', async () => {
  const person = await createAccount(t, { role: 'clinician', totp: false })
  const partial = await signInPassword(t, person)
  await call('POST', '/api/account/mfa/totp/start', partial)
  const bad = await call('POST', '/api/account/mfa/totp/confirm', partial, { code: '123456' })
  assert.equal(bad.statusCode, 400)
  assert.equal(bad.json().error.details[0].path, 'body/code')
  assert.equal((await call('GET', '/api/account/sessions', partial)).statusCode, 401)
})

test('a recovery code signs in once, and its use is told to the owner (S13)', async () => {
  const person = await createAccount(t, { role: 'patient', totp: false })
  const { recoveryCodes } = await enrolTotp(await signInPassword(t, person))
  const partial = await signInPassword(t, person)
  const used = await call('POST', '/api/auth/mfa/recovery', partial, {
    code: recoveryCodes[3]!.toUpperCase().replace(/-/g, ' '),
  })
  assert.equal(used.statusCode, 200, 'case, spaces and dashes do not matter')
  const again = await call('POST', '/api/auth/mfa/recovery', await signInPassword(t, person), {
    code: recoveryCodes[3]!,
  })
  assert.equal(again.statusCode, 400, 'a recovery code works once')
  await t.deliverMail()
  assert.ok(t.outbox.list().some((m) => m.to === person.email && /used to sign in/.test(m.subject)))
})

test('removing a factor needs a fresh second factor (S17), never removes the last one, ends other sessions (S15)', async () => {
  const person = await createAccount(t, { role: 'patient', totp: false })
  const first = await enrolTotp(await signInPassword(t, person))
  // Add email codes as a second factor (step-up is fresh: the TOTP was just checked).
  assert.equal((await call('POST', '/api/account/mfa/email/start', first.cookie)).statusCode, 202)
  await t.deliverMail()
  const code = t.outbox
    .list()
    .filter((m) => m.to === person.email && m.category === 'mfa-code')
    .at(-1)!
    .text.match(/\b(\d{6})\b/)![1]!
  assert.equal((await call('POST', '/api/account/mfa/email/confirm', first.cookie, { code })).statusCode, 200)

  const other = await signInPassword(t, person)
  t.clock.advance(30_000)
  const otherFull = cookieFrom(
    (await call('POST', '/api/auth/mfa/totp', other, { code: generateTotp(first.secret, t.clock.now()) }))
      .headers['set-cookie'],
  )

  t.clock.advance(6 * 60_000)
  const stale = await call('DELETE', '/api/account/factors/totp/x', first.cookie)
  assert.equal(stale.statusCode, 403)
  assert.equal(stale.json().error.details[0].message, 'step-up-required')

  t.clock.advance(30_000)
  const stepUp = await call('POST', '/api/auth/mfa/totp', first.cookie, {
    code: generateTotp(first.secret, t.clock.now()),
  })
  const fresh = cookieFrom(stepUp.headers['set-cookie'])
  const removed = await call('DELETE', '/api/account/factors/totp/x', fresh)
  assert.equal(removed.statusCode, 200)
  const after = cookieFrom(removed.headers['set-cookie'])
  assert.equal((await call('GET', '/api/session', otherFull)).statusCode, 401, 'other sessions end')
  assert.equal(
    (await call('GET', '/api/session', fresh)).statusCode,
    401,
    'the old token of this session is dead too',
  )
  assert.equal((await call('GET', '/api/session', after)).statusCode, 200)

  const last = await call('DELETE', '/api/account/factors/email-code/x', after)
  assert.equal(last.statusCode, 409, 'the only remaining factor cannot be removed')
})

test('TOTP secrets are sealed at rest: the base32 secret is not in the database row', async () => {
  const person = await createAccount(t, { role: 'patient', totp: false })
  const { secret } = await enrolTotp(await signInPassword(t, person))
  const row = await t.ctx.db
    .selectFrom('totp_credential')
    .selectAll()
    .where('account_id', '=', person.id)
    .executeTakeFirstOrThrow()
  assert.ok(!JSON.stringify(row).includes(secret))
  assert.match(row.secret_sealed, /^sb1\./)
  const jobs = await t.ctx.db.selectFrom('job').select('payload').execute()
  for (const j of jobs)
    assert.ok(!JSON.stringify(j.payload).includes('sign-in method'), 'queued mail is sealed')
})

test('email codes as the second factor: a code signs in once; 5 wrong tries use the code up', async () => {
  const person = await createAccount(t, { role: 'patient', totp: false })
  await t.ctx.db
    .insertInto('email_mfa_enrolment')
    .values({ account_id: person.id, created_at: t.clock.now() })
    .execute()
  const latestCode = async () => {
    await t.deliverMail()
    return t.outbox
      .list()
      .filter((m) => m.to === person.email && m.category === 'mfa-code')
      .at(-1)!
      .text.match(/\b(\d{6})\b/)![1]!
  }
  const partial = await signInPassword(t, person)
  assert.equal((await call('POST', '/api/auth/mfa/email/send', partial)).statusCode, 202)
  const code = await latestCode()
  const ok = await call('POST', '/api/auth/mfa/email', partial, { code })
  assert.equal(ok.statusCode, 200)
  const full = cookieFrom(ok.headers['set-cookie'])
  assert.equal((await call('GET', '/api/account/sessions', full)).statusCode, 200)

  const again = await signInPassword(t, person)
  assert.equal(
    (await call('POST', '/api/auth/mfa/email', again, { code })).statusCode,
    400,
    'a code from another session does not work here',
  )
  await call('POST', '/api/auth/mfa/email/send', again)
  const fresh = await latestCode()
  const wrong = fresh === '000000' ? '111111' : '000000'
  for (let i = 0; i < 5; i++) await call('POST', '/api/auth/mfa/email', again, { code: wrong })
  const afterTries = await call('POST', '/api/auth/mfa/email', again, { code: fresh })
  assert.equal(afterTries.statusCode, 400, 'the right code no longer works after 5 wrong tries')
  assert.match(afterTries.json().error.message, /Too many wrong codes/)
  assert.ok(!t.logs.text().includes(fresh), 'the code is never logged')
})
