// Helpers for the SMART tests: the test app listening on a real port (openid-client speaks HTTP),
// apps registered through the registry, and the browser's part of the code flow (sign-in, consent)
// driven through the same API the consent page uses. The OAuth side is always openid-client.
import assert from 'node:assert/strict'
import { createServer, type AddressInfo } from 'node:net'
import * as client from 'openid-client'
import type { Role } from '../identity/account-table.ts'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { createAccount, signIn, someAddress, type TestAccount } from '../testing/accounts.ts'
import type { SmartAppType } from './smart-tables.ts'

export const REDIRECT_URI = 'http://localhost:8765/callback'

export interface SmartServer {
  t: TestApp
  base: string
  fhirBase: string
  admin: TestAccount
  close(): Promise<void>
}

export interface RegisteredApp {
  clientId: string
  clientSecret: string | null
  type: SmartAppType
}

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

export async function startSmartServer(): Promise<SmartServer> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const t = await createTestApp({ config: { publicUrl: base } })
  // The app's public URL is its listening address: same-origin browser calls name it.
  t.browserHeaders = { origin: base, 'x-tessera-request': '1' }
  // ID tokens are checked by openid-client against the real clock.
  t.clock.set(new Date())
  await t.app.listen({ port, host: '127.0.0.1' })
  const admin = await createAccount(t, { role: 'admin' })
  return { t, base, fhirBase: `${base}/fhir/R4`, admin, close: () => t.close() }
}

export async function registerApp(
  s: SmartServer,
  type: SmartAppType,
  scopes = 'patient/*.rs user/*.rs openid fhirUser launch/patient offline_access',
): Promise<RegisteredApp> {
  const { app, clientSecret } = await s.t.ctx.smart.apps.register(s.admin.id, {
    name: `Test app ${type}`,
    type,
    redirectUris: [REDIRECT_URI],
    scopes: scopes.split(' '),
  })
  return { clientId: app.clientId, clientSecret, type }
}

/** openid-client configured from SMART discovery at the FHIR base, its clock matched to the server's. */
export async function discover(s: SmartServer, app: RegisteredApp): Promise<client.Configuration> {
  const skew = Math.round((s.t.clock.now().getTime() - Date.now()) / 1000)
  return client.discovery(
    new URL(`${s.fhirBase}/.well-known/smart-configuration`),
    app.clientId,
    { ...(app.clientSecret ? { client_secret: app.clientSecret } : {}), [client.clockSkew]: skew },
    app.clientSecret ? client.ClientSecretBasic(app.clientSecret) : client.None(),
    { execute: [client.allowInsecureRequests] },
  )
}

export async function person(s: SmartServer, role: Role): Promise<TestAccount> {
  return createAccount(s.t, { role })
}

export interface Authorized {
  config: client.Configuration
  /** The URL the browser was sent back to (code, state, iss). */
  callback: URL
  verifier: string
  state: string
  nonce: string
  /** An ID token is due (openid was asked for), so its nonce is checked. */
  openid: boolean
  /** What the consent screen showed. */
  consent: { scopes: Array<{ scope: string; text: string }>; app: { name: string } }
}

/** The browser's half: /oauth/authorize, sign-in with password and TOTP, consent, Allow. */
export async function authorize(
  s: SmartServer,
  app: RegisteredApp,
  account: TestAccount,
  scope: string,
  decision: 'allow' | 'deny' = 'allow',
): Promise<Authorized> {
  const cookie = await signIn(s.t, account)
  const config = await discover(s, app)
  const verifier = client.randomPKCECodeVerifier()
  const state = client.randomState()
  const nonce = client.randomNonce()
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope,
    state,
    ...(scope.split(' ').includes('openid') ? { nonce } : {}),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    aud: s.fhirBase,
  })
  const start = await fetch(url, { redirect: 'manual' })
  assert.equal(start.status, 303)
  const location = new URL(start.headers.get('location')!)
  assert.match(
    location.pathname,
    /^\/connect\/[0-9a-f-]{36}$/,
    `sent to the consent page, not ${location.href}`,
  )
  const requestId = location.pathname.split('/').at(-1)!
  const headers = { ...s.t.browserHeaders, cookie }
  const view = await s.t.app.inject({ method: 'GET', url: `/api/smart/requests/${requestId}`, headers })
  assert.equal(view.statusCode, 200, view.body)
  const answer = await s.t.app.inject({
    method: 'POST',
    url: `/api/smart/requests/${requestId}/${decision}`,
    remoteAddress: someAddress(),
    headers,
  })
  assert.equal(answer.statusCode, 200, answer.body)
  const callback = new URL(answer.json<{ redirectTo: string }>().redirectTo)
  const openid = scope.split(' ').includes('openid')
  return { config, callback, verifier, state, nonce, openid, consent: view.json() }
}

/** The app's half: the code exchange through openid-client (PKCE, state, iss and ID token checked). */
export function exchange(flow: Authorized, verifier = flow.verifier) {
  return client.authorizationCodeGrant(flow.config, flow.callback, {
    pkceCodeVerifier: verifier,
    expectedState: flow.state,
    ...(flow.openid ? { expectedNonce: flow.nonce } : {}),
  })
}

/** The OAuth error code openid-client saw in a refused response. */
export async function oauthError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (err) {
    if (err instanceof client.ResponseBodyError) return err.error
    if (err instanceof client.AuthorizationResponseError) return err.error
    // A 401 with `WWW-Authenticate: Basic` (RFC 6749 5.2): the error is still in the JSON body.
    if (err instanceof client.WWWAuthenticateChallengeError)
      return ((await err.response.json()) as { error: string }).error
    throw err
  }
  assert.fail('expected an OAuth error')
}

export async function fhirGet(s: SmartServer, path: string, accessToken: string) {
  const res = await fetch(`${s.fhirBase}/${path}`, { headers: { authorization: `Bearer ${accessToken}` } })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
