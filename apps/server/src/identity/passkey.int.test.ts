// Passkeys as a user and as an attacker sees them: enrolment under the factor rules (S7, S13, S17),
// sign-in with a passkey alone, step-up, and every S12 forgery refused with one generic answer.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { LightMyRequestResponse } from 'fastify'
import { createTestApp, TEST_ORIGIN, type TestApp } from '../testing/test-app.ts'
import { createAccount, signIn, signInPassword, someAddress, type TestAccount } from '../testing/accounts.ts'
import { SoftAuthenticator, type CeremonyOverrides } from '../testing/soft-authenticator.ts'
import { PASSKEY_REFUSED } from './passkey-sign-in-service.ts'

let t: TestApp
before(async () => {
  t = await createTestApp()
})
after(() => t.close())

const CHALLENGE = '__Host-tessera-challenge'
const SESSION = '__Host-tessera'

function cookieNamed(res: LightMyRequestResponse, name: string): string | undefined {
  const all = [res.headers['set-cookie'] ?? []].flat()
  return all.find((c) => c.startsWith(`${name}=`) && !/Max-Age=0|Expires=Thu, 01 Jan 1970/.test(c))
}
const pair = (raw: string | undefined): string => raw?.split(';')[0] ?? ''

async function post(url: string, cookies: Array<string | undefined>, payload?: unknown) {
  const cookie = cookies.filter(Boolean).join('; ')
  return t.app.inject({
    method: 'POST',
    url,
    remoteAddress: someAddress(),
    headers: { ...t.browserHeaders, ...(cookie ? { cookie } : {}) },
    ...(payload ? { payload: payload as Record<string, unknown> } : {}),
  })
}

/** Options from `url`; returns them with the challenge cookie this browser now holds. */
async function options(url: string, session?: string) {
  const res = await post(url, [session])
  assert.equal(res.statusCode, 200, res.body)
  return { options: res.json(), challenge: pair(cookieNamed(res, CHALLENGE)) }
}

async function signInWithPasskey(auth: SoftAuthenticator, o: CeremonyOverrides = {}) {
  const { options: opts, challenge } = await options('/api/auth/passkey/options')
  return post('/api/auth/passkey', [challenge], { response: auth.authenticate(opts, o) })
}

/** A patient with a password and a passkey (enrolled as the first factor); returns a full session. */
async function withPasskey(counting = true) {
  const account = await createAccount(t, { totp: false })
  const partial = await signInPassword(t, account)
  const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, counting })
  const { options: opts, challenge } = await options('/api/account/passkeys/options', partial)
  const res = await post('/api/account/passkeys', [partial, challenge], {
    label: 'My phone',
    response: auth.register(opts),
  })
  assert.equal(res.statusCode, 200, res.body)
  return { account, auth, partial, full: pair(cookieNamed(res, SESSION)), added: res.json() }
}

const lastRefusal = (): string | undefined =>
  t.logs.lines
    .map((l) => JSON.parse(l) as { msg?: string; reason?: string })
    .filter((l) => l.msg === 'passkey refused')
    .at(-1)?.reason

const failures = async (account: TestAccount) =>
  (
    await t.ctx.db
      .selectFrom('account')
      .select('failed_sign_ins')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow()
  ).failed_sign_ins

function assertRefused(res: LightMyRequestResponse, reason: string): void {
  assert.equal(res.statusCode, 401, res.body)
  assert.equal(res.json().error.message, PASSKEY_REFUSED, 'one message, whatever failed')
  assert.equal(cookieNamed(res, SESSION), undefined, 'no session cookie')
  assert.equal(lastRefusal(), reason, 'refused by the check under test')
}

test('a first passkey completes enrolment: full session, new token, recovery codes once, owner told', async () => {
  const account = await createAccount(t, { totp: false })
  const partial = await signInPassword(t, account)
  const res = await post('/api/account/passkeys/options', [partial])
  assert.equal(res.statusCode, 200)
  const opts = res.json()
  assert.equal(opts.rp.id, 'localhost')
  assert.equal(opts.attestation, 'none')
  assert.deepEqual(opts.authenticatorSelection, {
    residentKey: 'required',
    requireResidentKey: true,
    userVerification: 'required',
  })
  assert.equal(opts.user.name, account.email)
  assert.ok(Buffer.from(opts.challenge, 'base64url').length >= 16)
  const raw = cookieNamed(res, CHALLENGE)!
  for (const flag of [/; Secure/, /; HttpOnly/, /; SameSite=Strict/, /; Path=\//, /Max-Age=300/])
    assert.match(raw, flag)

  const auth = new SoftAuthenticator({ origin: TEST_ORIGIN })
  const added = await post('/api/account/passkeys', [partial, pair(raw)], {
    label: ' My phone ',
    response: auth.register(opts),
  })
  assert.equal(added.statusCode, 200, added.body)
  assert.equal(added.json().label, 'My phone')
  assert.equal(added.json().recoveryCodes.length, 10)
  const full = pair(cookieNamed(added, SESSION))
  assert.ok(full && full !== partial, 'the token changes with the level (no fixation)')
  assert.equal((await t.app.inject({ url: '/api/session', headers: { cookie: full } })).json().level, 'full')
  assert.equal((await t.app.inject({ url: '/api/session', headers: { cookie: partial } })).statusCode, 401)

  const row = await t.ctx.db
    .selectFrom('webauthn_credential')
    .selectAll()
    .where('id', '=', auth.credentialId)
    .executeTakeFirstOrThrow()
  assert.equal(row.account_id, account.id)
  assert.deepEqual(row.transports, ['internal'])
  assert.equal(row.device_type, 'singleDevice')
  assert.equal(row.backed_up, false)
  await t.deliverMail()
  assert.ok(t.outbox.list().some((m) => m.to === account.email && /A passkey was added/.test(m.text)))
})

test('a passkey alone signs in to a FULL session; the browser old session ends (S7, S16)', async () => {
  const { account, auth, partial } = await withPasskey()
  const other = await signInPassword(t, account)
  const { options: opts, challenge } = await options('/api/auth/passkey/options')
  assert.deepEqual(opts.allowCredentials, [], 'discoverable: no email needed')
  assert.equal(opts.userVerification, 'required')
  const res = await post('/api/auth/passkey', [other, challenge], { response: auth.authenticate(opts) })
  assert.equal(res.statusCode, 200, res.body)
  assert.deepEqual(res.json(), { next: 'done', factors: [] })
  const cookie = pair(cookieNamed(res, SESSION))
  const view = await t.app.inject({ url: '/api/session', headers: { cookie } })
  assert.equal(view.json().level, 'full')
  assert.equal(view.json().stepUpSecondsLeft, 300)
  const actor = await t.ctx.identity.sessions.resolveToken(cookie.split('=')[1]!)
  assert.deepEqual(actor?.methods, ['passkey'])
  assert.equal((await t.app.inject({ url: '/api/session', headers: { cookie: other } })).statusCode, 401)
  assert.notEqual(partial, cookie)
  const row = await t.ctx.db
    .selectFrom('webauthn_credential')
    .select(['counter', 'last_used_at'])
    .where('id', '=', auth.credentialId)
    .executeTakeFirstOrThrow()
  assert.equal(Number(row.counter), 1)
  assert.ok(row.last_used_at)
})

describe('S12: forged or replayed assertions are refused, every time, with one answer', () => {
  const ATTEMPTS = 3
  const cases: Array<[string, string, CeremonyOverrides]> = [
    ['wrong challenge', 'challenge', { challenge: Buffer.alloc(32, 7).toString('base64url') }],
    ['wrong origin', 'origin', { origin: 'https://evil.example' }],
    ['wrong rpIdHash', 'rp-id', { rpId: 'evil.example' }],
    ['UP flag clear', 'user-presence', { up: false }],
    ['UV flag clear', 'user-verification', { uv: false }],
    ['counter regression', 'counter', { counter: 0 }],
    ['no user handle on a discoverable sign-in', 'user-handle', { userHandle: null }],
    ["another account's user handle", 'user-handle', { userHandle: Buffer.alloc(16).toString('base64url') }],
    ['a registration type', 'type', { type: 'webauthn.create' }],
  ]
  for (const [name, reason, overrides] of cases) {
    test(name, async () => {
      const { account, auth } = await withPasskey()
      assert.equal((await signInWithPasskey(auth)).statusCode, 200, 'counter now 1')
      for (let i = 0; i < ATTEMPTS; i++) assertRefused(await signInWithPasskey(auth, overrides), reason)
      assert.equal(await failures(account), ATTEMPTS, 'each counts against the account (S10)')
      assert.equal((await signInWithPasskey(auth)).statusCode, 200, 'the same passkey, done right, works')
      assert.equal(await failures(account), 0)
    })
  }

  test('replayed challenge: the same assertion twice, and an old assertion with a new challenge', async () => {
    const { auth } = await withPasskey(false)
    const { options: opts, challenge } = await options('/api/auth/passkey/options')
    const response = auth.authenticate(opts)
    assert.equal((await post('/api/auth/passkey', [challenge], { response })).statusCode, 200)
    for (let i = 0; i < ATTEMPTS; i++) {
      assertRefused(await post('/api/auth/passkey', [challenge], { response }), 'unknown-challenge')
      const fresh = await options('/api/auth/passkey/options')
      assertRefused(await post('/api/auth/passkey', [fresh.challenge], { response }), 'challenge')
    }
  })

  test('equal counter is a regression too; an authenticator without counters (0) is fine', async () => {
    const counting = await withPasskey()
    await signInWithPasskey(counting.auth)
    await signInWithPasskey(counting.auth)
    assertRefused(await signInWithPasskey(counting.auth, { counter: 2 }), 'counter')
    const synced = await withPasskey(false)
    for (let i = 0; i < 3; i++) assert.equal((await signInWithPasskey(synced.auth)).statusCode, 200)
  })

  test('racing assertions with one counter value: exactly one wins (cloned authenticator)', async () => {
    const { auth } = await withPasskey()
    const prepared = await Promise.all([1, 2, 3, 4, 5].map(() => options('/api/auth/passkey/options')))
    const results = await Promise.all(
      prepared.map(({ options: opts, challenge }) =>
        post('/api/auth/passkey', [challenge], { response: auth.authenticate(opts, { counter: 7 }) }),
      ),
    )
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 401, 401, 401, 401])
  })

  test('no challenge cookie, an expired one, one for another purpose, an unknown credential', async () => {
    const { auth, full } = await withPasskey()
    const { options: opts } = await options('/api/auth/passkey/options')
    assertRefused(await post('/api/auth/passkey', [], { response: auth.authenticate(opts) }), 'no-challenge')
    const late = await options('/api/auth/passkey/options')
    t.clock.advance(5 * 60_000)
    const res = await post('/api/auth/passkey', [late.challenge], {
      response: auth.authenticate(late.options),
    })
    assertRefused(res, 'expired')
    const stepUp = await options('/api/auth/passkey/step-up/options', full)
    const wrong = await post('/api/auth/passkey', [stepUp.challenge], {
      response: auth.authenticate(stepUp.options),
    })
    assertRefused(wrong, 'wrong-purpose')
    const stranger = new SoftAuthenticator({ origin: TEST_ORIGIN })
    stranger.register(await fakeCreationOptions()) // never sent to the server
    assertRefused(await signInWithPasskey(stranger), 'unknown-credential')
  })

  test('a disabled account cannot sign in with its passkey', async () => {
    const { account, auth } = await withPasskey()
    await t.ctx.db
      .updateTable('account')
      .set({ disabled_at: t.clock.now() })
      .where('id', '=', account.id)
      .execute()
    assertRefused(await signInWithPasskey(auth), 'account-unusable')
  })
})

describe('step-up and second factor with a passkey', () => {
  test('refreshes the step-up time of a full session, with a new token (S17)', async () => {
    const { auth, full } = await withPasskey()
    t.clock.advance(6 * 60_000)
    assert.equal(
      (await t.app.inject({ url: '/api/session', headers: { cookie: full } })).json().stepUpSecondsLeft,
      0,
    )
    const { options: opts, challenge } = await options('/api/auth/passkey/step-up/options', full)
    assert.deepEqual(
      opts.allowCredentials.map((c: { id: string }) => c.id),
      [auth.credentialId],
    )
    const res = await post('/api/auth/passkey/step-up', [full, challenge], {
      response: auth.authenticate(opts),
    })
    assert.equal(res.statusCode, 200, res.body)
    const fresh = pair(cookieNamed(res, SESSION))
    assert.notEqual(fresh, full)
    const view = await t.app.inject({ url: '/api/session', headers: { cookie: fresh } })
    assert.equal(view.json().stepUpSecondsLeft, 300)
  })

  test('completes a password sign-in as the second factor', async () => {
    const { account, auth } = await withPasskey()
    const partial = await signInPassword(t, account)
    const { options: opts, challenge } = await options('/api/auth/passkey/step-up/options', partial)
    const res = await post('/api/auth/passkey/step-up', [partial, challenge], {
      response: auth.authenticate(opts),
    })
    assert.equal(res.statusCode, 200, res.body)
    const cookie = pair(cookieNamed(res, SESSION))
    assert.equal((await t.app.inject({ url: '/api/session', headers: { cookie } })).json().level, 'full')
  })

  test("another account's passkey cannot step up this session, every time (S12)", async () => {
    const victim = await withPasskey()
    const attacker = await withPasskey()
    const partial = await signInPassword(t, victim.account)
    for (let i = 0; i < 3; i++) {
      const { options: opts, challenge } = await options('/api/auth/passkey/step-up/options', partial)
      const res = await post('/api/auth/passkey/step-up', [partial, challenge], {
        response: attacker.auth.authenticate(opts),
      })
      assertRefused(res, 'other-account')
    }
    assert.equal(
      (await t.app.inject({ url: '/api/session', headers: { cookie: partial } })).json().level,
      'partial',
    )
    assert.equal(await failures(victim.account), 3, 'counted against the session account')
    assert.equal(await failures(attacker.account), 0)
  })

  test("a step-up challenge is bound to its session: another session's is refused", async () => {
    const { account, auth } = await withPasskey()
    const a = await signInPassword(t, account)
    const b = await signInPassword(t, account)
    const { options: opts, challenge } = await options('/api/auth/passkey/step-up/options', a)
    const res = await post('/api/auth/passkey/step-up', [b, challenge], { response: auth.authenticate(opts) })
    assertRefused(res, 'wrong-session')
  })
})

describe('enrolment rules for passkeys (S7, S13, S17)', () => {
  test('a password-only session cannot add a passkey to an account that has a factor', async () => {
    const account = await createAccount(t, { totp: true })
    const partial = await signInPassword(t, account)
    const res = await post('/api/account/passkeys/options', [partial])
    assert.equal(res.statusCode, 401)
    assert.equal(res.json().error.details[0].message, 'mfa-required')
    // Not through the back door either: a sign-in challenge and a well-formed credential.
    const auth = new SoftAuthenticator({ origin: TEST_ORIGIN })
    const { options: signInOptions, challenge } = await options('/api/auth/passkey/options')
    const forged = auth.register({
      ...(await fakeCreationOptions()),
      challenge: signInOptions.challenge,
    })
    const add = await post('/api/account/passkeys', [partial, challenge], { label: 'x', response: forged })
    assert.equal(add.statusCode, 401)
    assert.equal(add.json().error.details[0].message, 'mfa-required')
    const count = await t.ctx.db
      .selectFrom('webauthn_credential')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow()
    assert.equal(Number(count.n), 0)
  })

  test('a full session needs a second factor in the last 5 minutes to add one', async () => {
    const account = await createAccount(t, { totp: true })
    const full = await signIn(t, account)
    const early = await options('/api/account/passkeys/options', full)
    t.clock.advance(5 * 60_000 + 1000)
    const late = await post('/api/account/passkeys/options', [full])
    assert.equal(late.statusCode, 403)
    assert.equal(late.json().error.details[0].message, 'step-up-required')
    const auth = new SoftAuthenticator({ origin: TEST_ORIGIN })
    const add = await post('/api/account/passkeys', [full, early.challenge], {
      label: 'Laptop',
      response: auth.register(early.options),
    })
    assert.equal(add.statusCode, 403, 'options fetched in time do not stretch the window')
    assert.equal(add.json().error.details[0].message, 'step-up-required')
  })

  test('within the window a second passkey is added; existing ones are excluded', async () => {
    const { account, auth, full } = await withPasskey()
    const { options: opts, challenge } = await options('/api/account/passkeys/options', full)
    assert.deepEqual(
      opts.excludeCredentials.map((c: { id: string }) => c.id),
      [auth.credentialId],
    )
    const second = new SoftAuthenticator({ origin: TEST_ORIGIN })
    const res = await post('/api/account/passkeys', [full, challenge], {
      label: 'Laptop',
      response: second.register(opts),
    })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.json().recoveryCodes, undefined, 'recovery codes are shown once only')
    assert.equal(cookieNamed(res, SESSION), undefined, 'a full session keeps its token')
    await t.deliverMail()
    assert.equal(
      t.outbox.list().filter((m) => m.to === account.email && /A passkey was added/.test(m.text)).length,
      2,
    )
  })

  test('registration refuses a forged or replayed ceremony, with one message', async () => {
    const { auth, full } = await withPasskey()
    const forgeries: CeremonyOverrides[] = [
      { challenge: Buffer.alloc(32, 1).toString('base64url') },
      { origin: 'https://evil.example' },
      { rpId: 'evil.example' },
      { up: false },
      { uv: false },
    ]
    const messages = new Set<string>()
    for (const o of forgeries) {
      const { options: opts, challenge } = await options('/api/account/passkeys/options', full)
      const res = await post('/api/account/passkeys', [full, challenge], {
        label: 'Key',
        response: new SoftAuthenticator({ origin: TEST_ORIGIN }).register(opts, o),
      })
      assert.equal(res.statusCode, 400, res.body)
      messages.add(res.json().error.message)
    }
    assert.equal(messages.size, 1)
    const { options: opts, challenge } = await options('/api/account/passkeys/options', full)
    const fresh = new SoftAuthenticator({ origin: TEST_ORIGIN })
    const response = fresh.register(opts)
    assert.equal(
      (await post('/api/account/passkeys', [full, challenge], { label: 'Key', response })).statusCode,
      200,
    )
    const replay = await post('/api/account/passkeys', [full, challenge], { label: 'Key', response })
    assert.equal(replay.statusCode, 400)
    assert.equal(lastRefusal(), 'unknown-challenge')
    const again = await options('/api/account/passkeys/options', full)
    const dup = await post('/api/account/passkeys', [full, again.challenge], {
      label: 'Again',
      response: auth.register(again.options),
    })
    assert.equal(dup.statusCode, 409, 'the same credential cannot be registered twice')
  })
})

test('no credential material or challenge reaches the logs (S21)', async () => {
  const { auth } = await withPasskey()
  const { options: opts, challenge } = await options('/api/auth/passkey/options')
  const response = auth.authenticate(opts, { origin: 'https://evil.example' })
  await post('/api/auth/passkey', [challenge], { response })
  const text = t.logs.text()
  for (const secret of [
    opts.challenge,
    response.response.signature,
    response.response.clientDataJSON,
    auth.credentialId,
    challenge.split('=')[1]!,
  ])
    assert.ok(!text.includes(secret), 'a ceremony value was logged')
  assert.ok(!text.includes('evil.example'), 'attacker-supplied text is not logged')
})

/** Creation options for an account that was never offered any (the back-door test). */
async function fakeCreationOptions() {
  const { full } = await withPasskey()
  return (await options('/api/account/passkeys/options', full)).options
}
