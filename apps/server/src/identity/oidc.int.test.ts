// Staff sign-in through a real OpenID provider (oidc-provider on a free port), driven like a
// browser would: every redirect followed by hand, cookies carried per site, SameSite honoured.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { createAccount, nextTotp, type TestAccount } from '../testing/accounts.ts'
import { freePort, startTestProvider, type TestProvider } from './oidc-test-provider.ts'
import { TestBrowser, type Hop } from './oidc-test-browser.ts'

const CLIENT_ID = 'tessera-test'
const CLIENT_SECRET = `client-secret-${randomUUID()}`
const CALLBACK = '/api/auth/oidc/callback'
const CONTINUE = '/sign-in/continue'
const FAILED = '/sign-in?error=oidc'

let t: TestApp
let idp: TestProvider
let tessera: string
/** Everything that must never reach a log line. */
const secrets = new Set<string>([CLIENT_SECRET])

before(async () => {
  const port = await freePort()
  tessera = `http://127.0.0.1:${port}`
  idp = await startTestProvider({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: `${tessera}${CALLBACK}`,
  })
  t = await createTestApp({
    config: {
      publicUrl: tessera,
      oidcIssuer: idp.issuer,
      oidcClientId: CLIENT_ID,
      oidcClientSecret: CLIENT_SECRET,
    },
  })
  await t.app.listen({ port, host: '127.0.0.1' })
})
after(async () => {
  await t.close()
  await idp.close()
})

/** A person at the provider, under a fresh subject. */
function identity(email: string, amr: string[], emailVerified = true): string {
  const sub = `subject-${randomUUID()}`
  idp.identities.set(sub, { email, emailVerified, amr })
  secrets.add(sub).add(email).add(email.toLowerCase())
  return sub
}

interface Flow {
  browser: TestBrowser
  hops: Hop[]
  /** Path and query of the page the browser ended on. */
  landed: string
}

/** Clicks "sign in with the provider" and signs in there as `sub` (or declines). */
async function signInAt(
  sub: string,
  options: { deny?: boolean; rewrite?: (url: URL) => URL; stopBefore?: (url: URL) => boolean } = {},
  browser = new TestBrowser(),
): Promise<Flow> {
  const hops = await browser.navigate(`${tessera}/api/auth/oidc/start`, {
    rewrite: (url) => {
      if (url.origin === idp.issuer && url.pathname.startsWith('/interaction/')) {
        if (options.deny) url.searchParams.set('deny', '1')
        else url.searchParams.set('as', sub)
      }
      return options.rewrite ? options.rewrite(url) : url
    },
    ...(options.stopBefore ? { stopBefore: options.stopBefore } : {}),
  })
  for (const s of browser.secrets) secrets.add(s)
  assertCleanRedirects(hops)
  const last = hops.at(-1)!.url
  return { browser, hops, landed: last.pathname + last.search }
}

/** Our redirects carry no token, email or subject: only the authorization request or a fixed page. */
function assertCleanRedirects(hops: Hop[]): void {
  const allowed = new Set(['client_id', 'redirect_uri', 'scope', 'response_type', 'state', 'nonce'])
  allowed.add('code_challenge').add('code_challenge_method')
  for (const hop of hops.filter((h) => h.url.origin === tessera && h.location)) {
    const location = new URL(hop.location!, hop.url)
    if (location.origin === idp.issuer) {
      assert.deepEqual(
        [...location.searchParams.keys()].filter((k) => !allowed.has(k)),
        [],
      )
      assert.equal(location.searchParams.get('code_challenge_method'), 'S256')
    } else {
      assert.ok([CONTINUE, FAILED].includes(hop.location!), `unexpected redirect ${hop.location}`)
    }
    for (const s of secrets)
      if (s.includes('@') || s.startsWith('subject-')) assert.ok(!hop.location!.includes(s))
  }
}

const api = (flow: Flow, path: string, init: { method?: string; body?: unknown } = {}) =>
  flow.browser.request(`${tessera}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      accept: 'application/json',
      ...(init.method && init.method !== 'GET'
        ? { origin: tessera, 'x-tessera-request': '1', 'content-type': 'application/json' }
        : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  })

const sessionCookie = (flow: Flow) => flow.browser.cookie(tessera, '__Host-tessera')

async function sessionsOf(account: TestAccount) {
  return t.ctx.db
    .selectFrom('session')
    .select(['level', 'methods'])
    .where('account_id', '=', account.id)
    .execute()
}

test('the sign-in page learns that provider sign-in is on', async () => {
  const res = await fetch(`${tessera}/api/auth/oidc`)
  assert.deepEqual(await res.json(), { enabled: true, providerName: '127.0.0.1' })
})

test('MFA at the provider (amr pwd+otp): a full session, linked by verified email, owner told (S7, S13)', async () => {
  const staff = await createAccount(t, { role: 'clinician', totp: false })
  const sub = identity(staff.email.toUpperCase(), ['pwd', 'otp'])
  const flow = await signInAt(sub)
  assert.equal(flow.landed, CONTINUE)

  const flowCookie = flow.hops[0]!.setCookies.find((c) => c.startsWith('__Host-tessera-oidc='))!
  for (const flag of [/; Secure/, /; HttpOnly/, /; SameSite=Lax/, /; Path=\//, /; Max-Age=600/]) {
    assert.match(flowCookie, flag)
  }
  const callback = flow.hops.find((h) => h.url.pathname === CALLBACK)!
  assert.ok(callback.sent.includes('__Host-tessera-oidc'), 'the Lax flow cookie comes back from the provider')
  assert.match(sessionCookie(flow)!.header, /; SameSite=Strict/)
  assert.equal(
    flow.browser.cookie(tessera, '__Host-tessera-oidc'),
    undefined,
    'the flow cookie is single use',
  )
  // The Strict session cookie does not ride the provider's redirect chain; the page's own request does.
  assert.ok(!flow.hops.at(-1)!.sent.includes('__Host-tessera'))
  const session = await api(flow, '/api/session')
  assert.equal(session.status, 200)
  const view = (await session.json()) as { account: { id: string }; level: string; stepUpSecondsLeft: number }
  assert.equal(view.account.id, staff.id)
  assert.equal(view.level, 'full')
  assert.ok(view.stepUpSecondsLeft > 0, 'auth_time is fresh: step-up is satisfied for now')
  assert.equal((await api(flow, '/api/account/sessions')).status, 200)
  assert.deepEqual(
    (await sessionsOf(staff)).map((s) => s.methods),
    [['oidc-mfa']],
  )

  const linked = await t.ctx.db
    .selectFrom('account')
    .select(['oidc_issuer', 'oidc_subject'])
    .where('id', '=', staff.id)
    .executeTakeFirstOrThrow()
  assert.deepEqual(linked, { oidc_issuer: idp.issuer, oidc_subject: sub })
  await t.deliverMail()
  assert.ok(t.outbox.list().some((m) => m.to === staff.email && /sign-in method was added/.test(m.subject)))

  // Once linked, the subject decides: a changed address at the provider still reaches this account.
  idp.identities.set(sub, {
    email: `changed-${randomUUID()}@test.example`,
    emailVerified: true,
    amr: ['mfa'],
  })
  const again = await signInAt(sub)
  assert.equal(again.landed, CONTINUE)
  assert.equal(
    ((await (await api(again, '/api/session')).json()) as { account: { id: string } }).account.id,
    staff.id,
  )
})

test('one factor at the provider (amr pwd): partial until Tessera TOTP (S7)', async () => {
  const staff = await createAccount(t, { role: 'reception' })
  const flow = await signInAt(identity(staff.email, ['pwd']))
  assert.equal(flow.landed, CONTINUE)
  const view = (await (await api(flow, '/api/session')).json()) as {
    level: string
    factors: { totp: boolean }
  }
  assert.equal(view.level, 'partial')
  assert.equal(view.factors.totp, true, 'the page will ask for the authenticator code')
  const blocked = await api(flow, '/api/account/sessions')
  assert.equal(blocked.status, 401)
  const error = (await blocked.json()) as { error: { details: Array<{ message: string }> } }
  assert.equal(error.error.details[0]!.message, 'mfa-required')

  const partialToken = sessionCookie(flow)!.value
  const totp = await api(flow, '/api/auth/mfa/totp', { method: 'POST', body: { code: nextTotp(t, staff) } })
  assert.equal(totp.status, 200)
  assert.notEqual(sessionCookie(flow)!.value, partialToken, 'new token on upgrade')
  assert.equal((await api(flow, '/api/account/sessions')).status, 200)
  assert.deepEqual(
    (await sessionsOf(staff)).map((s) => s.methods),
    [['oidc', 'totp']],
  )

  // No Tessera factor yet: the same partial session, and the page goes on to enrolment.
  const newcomer = await createAccount(t, { role: 'clinician', totp: false })
  const first = await signInAt(identity(newcomer.email, ['pwd']))
  const fresh = (await (await api(first, '/api/session')).json()) as { level: string; factors: object }
  assert.equal(fresh.level, 'partial')
  assert.deepEqual(fresh.factors, { passkeys: 0, totp: false, emailCode: false, recoveryCodesLeft: 0 })
  assert.equal((await api(first, '/api/account/sessions')).status, 401)
})

test('no session for an unknown person, a patient, an unverified email or a disabled account', async () => {
  const patient = await createAccount(t, { role: 'patient' })
  const unverified = await createAccount(t, { role: 'clinician' })
  const disabled = await createAccount(t, { role: 'admin' })
  await t.ctx.db
    .updateTable('account')
    .set({ disabled_at: t.clock.now() })
    .where('id', '=', disabled.id)
    .execute()
  const cases = [
    identity(`nobody-${randomUUID()}@test.example`, ['pwd', 'otp']),
    identity(patient.email, ['pwd', 'otp']),
    identity(unverified.email, ['pwd', 'otp'], false),
    identity(disabled.email, ['pwd', 'hwk']),
  ]
  for (const sub of cases) {
    const flow = await signInAt(sub)
    assert.equal(flow.landed, FAILED)
    assert.equal(sessionCookie(flow), undefined)
  }
  for (const account of [patient, unverified, disabled]) {
    assert.equal((await sessionsOf(account)).length, 0)
    const row = await t.ctx.db
      .selectFrom('account')
      .select('oidc_subject')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow()
    assert.equal(row.oidc_subject, null, 'not linked')
  }
})

test('declining at the provider ends on the sign-in page, without details', async () => {
  const staff = await createAccount(t, { role: 'clinician' })
  const flow = await signInAt(identity(staff.email, ['pwd', 'otp']), { deny: true })
  assert.equal(flow.landed, FAILED)
  assert.equal(sessionCookie(flow), undefined)
})

test('a tampered state, a callback in another browser and a replayed callback get no session', async () => {
  const staff = await createAccount(t, { role: 'pharmacist' })
  const sub = identity(staff.email, ['pwd', 'otp'])
  const isCallback = (url: URL) => url.origin === tessera && url.pathname === CALLBACK
  const tampered = await signInAt(sub, {
    rewrite: (url) => {
      if (isCallback(url)) url.searchParams.set('state', `${url.searchParams.get('state')}x`)
      return url
    },
  })
  assert.equal(tampered.landed, FAILED)
  assert.equal(sessionCookie(tampered), undefined)

  // The victim's browser stops at the callback; an attacker replays that URL from their own.
  const victim = await signInAt(sub, { stopBefore: isCallback })
  const callbackUrl = victim.hops.at(-1)!.url.href
  const attacker = new TestBrowser()
  const stolen = await attacker.navigate(callbackUrl)
  assert.equal(stolen.at(-1)!.url.pathname + stolen.at(-1)!.url.search, FAILED)
  assert.equal(attacker.cookie(tessera, '__Host-tessera'), undefined)
  // The victim's own flow is unaffected; the same callback a second time is refused.
  const finished = await victim.browser.navigate(callbackUrl)
  assert.equal(finished.at(-1)!.url.pathname, CONTINUE)
  const replay = await victim.browser.navigate(callbackUrl)
  assert.equal(replay.at(-1)!.url.pathname + replay.at(-1)!.url.search, FAILED)
  for (const s of attacker.secrets) secrets.add(s)
  for (const s of victim.browser.secrets) secrets.add(s)
})

test('no token, code, cookie, client secret, email or subject in the logs (S21)', () => {
  const logs = t.logs.text()
  assert.match(logs, /oidc sign-in refused/)
  for (const reason of ['no-account', 'no-flow', 'provider-error', 'response-invalid']) {
    assert.match(logs, new RegExp(`"reason":"${reason}"`))
  }
  for (const s of secrets) assert.ok(s.length < 8 || !logs.includes(s), 'a secret reached the logs')
})
