// The code flow with PKCE, as a real OAuth client library (openid-client) runs it against the
// real server: discovery, code exchange, the ID token, and every way the exchange must fail.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import * as client from 'openid-client'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import {
  authorize,
  discover,
  exchange,
  oauthError,
  person,
  REDIRECT_URI,
  registerApp,
  startSmartServer,
  type SmartServer,
} from './smart-test-kit.ts'

let s: SmartServer
before(async () => {
  s = await startSmartServer()
})
after(() => s.close())

const FULL = 'patient/*.rs openid fhirUser launch/patient offline_access'

test('discovery: SMART configuration at the FHIR base and the root, OpenID configuration at the issuer', async () => {
  const atBase = (await (await fetch(`${s.fhirBase}/.well-known/smart-configuration`)).json()) as Record<
    string,
    unknown
  >
  const atRoot = await (await fetch(`${s.base}/.well-known/smart-configuration`)).json()
  assert.deepEqual(atRoot, atBase)
  assert.equal(atBase['issuer'], s.base)
  assert.deepEqual(atBase['code_challenge_methods_supported'], ['S256'])
  for (const capability of [
    'launch-standalone',
    'client-public',
    'client-confidential-symmetric',
    'permission-v2',
  ])
    assert.ok((atBase['capabilities'] as string[]).includes(capability), capability)
  const oidc = await client.discovery(new URL(s.base), 'anyone', undefined, client.None(), {
    execute: [client.allowInsecureRequests],
  })
  assert.equal(oidc.serverMetadata().token_endpoint, `${s.base}/oauth/token`)
  const jwks = (await (await fetch(`${s.base}/oauth/jwks`)).json()) as { keys: Array<Record<string, string>> }
  assert.equal(jwks.keys.length, 1)
  assert.equal(jwks.keys[0]!['alg'], 'ES256')
  assert.equal(jwks.keys[0]!['d'], undefined, 'no private part is published')
})

test('public app, patient: code + PKCE gives a 5-minute JWT, a refresh token, patient context and an ID token', async () => {
  const app = await registerApp(s, 'public')
  const maria = await person(s, 'patient')
  const flow = await authorize(s, app, maria, FULL)
  assert.deepEqual(
    flow.consent.scopes.map((x) => x.scope),
    ['patient/*.rs', 'openid', 'fhirUser', 'launch/patient', 'offline_access'],
  )
  assert.equal(flow.callback.origin + flow.callback.pathname, REDIRECT_URI)
  assert.equal(flow.callback.searchParams.get('iss'), s.base)
  const tokens = await exchange(flow)
  assert.equal(tokens.token_type, 'bearer')
  assert.equal(tokens.expires_in, 300)
  assert.equal(tokens.scope, 'patient/*.rs openid fhirUser launch/patient offline_access')
  assert.equal(tokens['patient'], maria.id)
  assert.ok(tokens.refresh_token)
  const claims = decodeJwt(tokens.access_token)
  assert.equal(decodeProtectedHeader(tokens.access_token).alg, 'ES256')
  assert.equal(decodeProtectedHeader(tokens.access_token).typ, 'at+jwt')
  assert.equal(claims.iss, s.base)
  assert.equal(claims.sub, maria.id)
  assert.equal(claims.aud, s.fhirBase)
  assert.equal(claims['client_id'], app.clientId)
  assert.equal(claims.exp! - claims.iat!, 300)
  assert.ok(claims.jti)
  const idClaims = tokens.claims()!
  assert.equal(idClaims['fhirUser'], `${s.fhirBase}/Patient/${maria.id}`)
  assert.equal(idClaims.aud, app.clientId)

  // The JWT verifies against the published key set, as a resource server would check it.
  const actor = await s.t.ctx.smart.resolveBearer(tokens.access_token)
  assert.equal(actor?.accountId, maria.id)
  assert.deepEqual(actor?.app, { clientId: app.clientId, scopes: tokens.scope?.split(' ') })
  assert.equal(actor?.mfaAt, null, 'a token never counts as a fresh second factor (no step-up)')
})

test('confidential app: client_secret_basic is required; a wrong secret is invalid_client', async () => {
  const app = await registerApp(s, 'confidential')
  assert.match(app.clientSecret!, /^[A-Za-z0-9_-]{43}$/)
  const flow = await authorize(s, app, await person(s, 'patient'), 'patient/*.rs')
  const wrong = await discover(s, { ...app, clientSecret: 'not-the-secret' })
  assert.equal(await oauthError(exchange({ ...flow, config: wrong })), 'invalid_client')
  const stored = await s.t.ctx.db
    .selectFrom('smart_app')
    .select('secret_hash')
    .where('client_id', '=', app.clientId)
    .executeTakeFirstOrThrow()
  assert.ok(!stored.secret_hash!.includes(app.clientSecret!), 'only a hash of the secret is stored')
})

test('a wrong PKCE verifier is invalid_grant, and the code is spent by the attempt', async () => {
  const app = await registerApp(s, 'public')
  const flow = await authorize(s, app, await person(s, 'patient'), 'patient/*.rs')
  assert.equal(await oauthError(exchange(flow, client.randomPKCECodeVerifier())), 'invalid_grant')
  assert.equal(await oauthError(exchange(flow)), 'invalid_grant')
})

test('a code works once; presenting it again revokes the tokens it gave (RFC 6749 4.1.2)', async () => {
  const app = await registerApp(s, 'public')
  const flow = await authorize(s, app, await person(s, 'patient'), FULL)
  const tokens = await exchange(flow)
  assert.ok(await s.t.ctx.smart.resolveBearer(tokens.access_token))
  assert.equal(await oauthError(exchange(flow)), 'invalid_grant')
  assert.equal(await s.t.ctx.smart.resolveBearer(tokens.access_token), null)
  assert.equal(
    await oauthError(client.refreshTokenGrant(flow.config, tokens.refresh_token!)),
    'invalid_grant',
  )
})

test('a code expires after 60 seconds', async () => {
  const app = await registerApp(s, 'public')
  const flow = await authorize(s, app, await person(s, 'patient'), 'patient/*.rs')
  s.t.clock.advance(61_000)
  flow.config = await discover(s, app)
  assert.equal(await oauthError(exchange(flow)), 'invalid_grant')
})

test('redirect_uri at the token endpoint must be the one of the authorization request', async () => {
  const app = await registerApp(s, 'public')
  const flow = await authorize(s, app, await person(s, 'patient'), 'patient/*.rs')
  const elsewhere = new URL(flow.callback)
  elsewhere.pathname = '/other-callback'
  assert.equal(await oauthError(exchange({ ...flow, callback: elsewhere })), 'invalid_grant')
})

test('the person says no: access_denied reaches the app with its state', async () => {
  const app = await registerApp(s, 'public')
  const flow = await authorize(s, app, await person(s, 'patient'), 'patient/*.rs', 'deny')
  assert.equal(flow.callback.searchParams.get('error'), 'access_denied')
  assert.equal(flow.callback.searchParams.get('state'), flow.state)
  assert.equal(flow.callback.searchParams.get('code'), null)
  assert.equal(await oauthError(exchange(flow)), 'access_denied')
})

test('/oauth/token speaks RFC 6749: form bodies only, JSON errors, no CSRF header needed', async () => {
  const json = await fetch(`${s.base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'authorization_code' }),
  })
  assert.equal(json.status, 400)
  assert.equal(((await json.json()) as { error: string }).error, 'invalid_request')
  const form = (body: string) =>
    fetch(`${s.base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    })
  const unknownClient = await form('grant_type=authorization_code&client_id=nobody&code=x')
  assert.equal(unknownClient.status, 401)
  assert.equal(((await unknownClient.json()) as { error: string }).error, 'invalid_client')
  const app = await registerApp(s, 'public')
  const grant = await form(`grant_type=password&client_id=${app.clientId}`)
  assert.deepEqual(await grant.json(), {
    error: 'unsupported_grant_type',
    error_description: 'Use authorization_code or refresh_token.',
  })
  const twice = await form(`grant_type=refresh_token&grant_type=refresh_token&client_id=${app.clientId}`)
  assert.equal(((await twice.json()) as { error: string }).error, 'invalid_request')
})
