// Passkeys in a real browser: Chromium's virtual authenticator (CTAP2, internal, resident keys, user
// verification) against the real `tessera start`. A seeded patient signs in with password and
// authenticator app, adds a passkey, signs out, and signs in with the passkey alone (S7, S12). An
// authenticator that cannot verify its user gets no session. The API is driven from the page (same
// origin, same cookies) so the test does not depend on the UI.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core'
import { generateTotp } from '../../apps/server/src/identity/totp.ts'
import { DESKTOP, launchBrowser, openPage, type RunningTessera } from './harness.ts'
import { pageApi, startSeededTessera, type DemoUser } from './seeded.ts'

let server: RunningTessera
let browser: Browser
let patient: DemoUser
let secondPatient: DemoUser

before(async () => {
  const seeded = await startSeededTessera()
  server = seeded.server
  ;[patient, secondPatient] = seeded.users.filter((u) => u.role === 'patient') as [DemoUser, DemoUser]
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

/** navigator.credentials.create() with the server's options, as PublicKeyCredential.toJSON(). */
async function createCredential(page: Page, options: unknown): Promise<unknown> {
  return page.evaluate(async (json) => {
    const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(
      json as PublicKeyCredentialCreationOptionsJSON,
    )
    const credential = (await navigator.credentials.create({ publicKey })) as PublicKeyCredential
    return credential.toJSON() as unknown
  }, options)
}

/** navigator.credentials.get(); `override` lets a test ask for less than the server did. */
async function getAssertion(
  page: Page,
  options: unknown,
  override: { userVerification?: UserVerificationRequirement } = {},
): Promise<{ ok: true; response: unknown } | { ok: false; error: string }> {
  return page.evaluate(
    async ({ json, override }) => {
      const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON({
        ...(json as PublicKeyCredentialRequestOptionsJSON),
        ...override,
      })
      try {
        const credential = (await navigator.credentials.get({ publicKey })) as PublicKeyCredential
        return { ok: true as const, response: credential.toJSON() as unknown }
      } catch (err) {
        return { ok: false as const, error: (err as Error).name }
      }
    },
    { json: options, override },
  )
}

/** Password, then the authenticator app that seed-demo enrolled: a full session, step-up fresh. */
async function signInWithTotp(page: Page, user: DemoUser): Promise<void> {
  const password = await pageApi(page, 'POST', '/api/auth/sign-in', {
    email: user.email,
    password: user.password,
  })
  assert.equal(password.status, 200, JSON.stringify(password.body))
  assert.equal(password.body['next'], 'mfa')
  const code = generateTotp(user.totpSecret, new Date())
  const totp = await pageApi(page, 'POST', '/api/auth/mfa/totp', { code })
  assert.equal(totp.status, 200, JSON.stringify(totp.body))
  assert.equal((await pageApi(page, 'GET', '/api/session')).body['level'], 'full')
}

/** Adds a passkey on this page's virtual authenticator (a full session, within the step-up window). */
async function addPasskey(page: Page, label: string): Promise<void> {
  const creation = await pageApi(page, 'POST', '/api/account/passkeys/options')
  assert.equal(creation.status, 200, JSON.stringify(creation.body))
  const added = await pageApi(page, 'POST', '/api/account/passkeys', {
    label,
    response: await createCredential(page, creation.body),
  })
  assert.equal(added.status, 200, JSON.stringify(added.body))
}

async function virtualAuthenticator(context: BrowserContext, page: Page) {
  const cdp: CDPSession = await context.newCDPSession(page)
  await cdp.send('WebAuthn.enable', { enableUI: false })
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
  return { cdp, authenticatorId }
}

test('a patient adds a passkey, signs out, and signs in with the passkey alone', async () => {
  const { page, context, foreignRequests } = await openPage(browser, server.url, DESKTOP)
  try {
    await page.goto(`${server.url}/sign-in`)
    const { cdp, authenticatorId } = await virtualAuthenticator(context, page)

    await signInWithTotp(page, patient)
    await addPasskey(page, 'This computer')
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
    assert.equal(credentials.length, 1)
    assert.equal(credentials[0]!.isResidentCredential, true, 'a discoverable credential')

    assert.equal((await pageApi(page, 'POST', '/api/auth/sign-out')).status, 200)
    assert.equal((await pageApi(page, 'GET', '/api/session')).status, 401)

    const request = await pageApi(page, 'POST', '/api/auth/passkey/options')
    assert.deepEqual(request.body['allowCredentials'], [], 'no email, no credential list')
    const assertion = await getAssertion(page, request.body)
    assert.ok(assertion.ok, JSON.stringify(assertion))
    const signedIn = await pageApi(page, 'POST', '/api/auth/passkey', { response: assertion.response })
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body))
    const session = await pageApi(page, 'GET', '/api/session')
    assert.equal(session.body['level'], 'full', 'the passkey alone is both factors')
    assert.equal((session.body['account'] as { email: string }).email, patient.email)

    // The same assertion again: the challenge was used up.
    const replay = await pageApi(page, 'POST', '/api/auth/passkey', { response: assertion.response })
    assert.equal(replay.status, 401)
    assert.deepEqual(foreignRequests, [], 'no request leaves our origin (S38)')
  } finally {
    await context.close()
  }
})

test('an authenticator that does not verify its user gets no session (S12)', async () => {
  const { page, context } = await openPage(browser, server.url, DESKTOP)
  try {
    await page.goto(`${server.url}/sign-in`)
    const { cdp, authenticatorId } = await virtualAuthenticator(context, page)
    // Another patient enrols on this authenticator while it still verifies its user.
    await signInWithTotp(page, secondPatient)
    await addPasskey(page, 'Shared tablet')
    await pageApi(page, 'POST', '/api/auth/sign-out')

    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false })
    // As the server asks (UV required): the browser cannot satisfy it, or the server refuses.
    const asked = await pageApi(page, 'POST', '/api/auth/passkey/options')
    const strict = await getAssertion(page, asked.body)
    if (strict.ok) {
      const res = await pageApi(page, 'POST', '/api/auth/passkey', { response: strict.response })
      assert.equal(res.status, 401)
    }
    // A client that asks for less (UV discouraged): the assertion arrives with UV clear, and the
    // server refuses it with the generic answer.
    const options = await pageApi(page, 'POST', '/api/auth/passkey/options')
    const weak = await getAssertion(page, options.body, { userVerification: 'discouraged' })
    assert.ok(weak.ok, JSON.stringify(weak))
    const refused = await pageApi(page, 'POST', '/api/auth/passkey', { response: weak.response })
    assert.equal(refused.status, 401)
    assert.match(String((refused.body['error'] as { message: string }).message), /could not be used/)
    assert.equal((await pageApi(page, 'GET', '/api/session')).status, 401, 'still signed out')
  } finally {
    await context.close()
  }
})
