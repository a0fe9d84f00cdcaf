// /oauth/authorize with a bad client, redirect URI or request, and what turning an app off does.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import * as client from 'openid-client'
import {
  authorize,
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

const OFFLINE = 'patient/*.rs offline_access'

async function authorizeLocation(params: Record<string, string>): Promise<URL> {
  const res = await fetch(`${s.base}/oauth/authorize?${new URLSearchParams(params).toString()}`, {
    redirect: 'manual',
  })
  assert.equal(res.status, 303)
  return new URL(res.headers.get('location')!, s.base)
}

test('/oauth/authorize: an unknown app, a disabled app or an unregistered redirect URI never redirects to it', async () => {
  const app = await registerApp(s, 'public')
  const good = {
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'patient/*.rs',
    state: 'st',
    aud: s.fhirBase,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  }
  const evil = 'https://evil.example/steal'
  for (const [params, reason] of [
    [{ ...good, client_id: 'nobody' }, 'unknown-app'],
    [{ ...good, redirect_uri: evil }, 'redirect-mismatch'],
    [{ ...good, redirect_uri: `${REDIRECT_URI}/extra` }, 'redirect-mismatch'],
  ] as const) {
    const to = await authorizeLocation(params)
    assert.equal(to.origin, s.base)
    assert.equal(to.pathname + to.search, `/connect/refused?reason=${reason}`)
  }
  // With a good client and redirect URI, request errors go back to the app (RFC 6749 4.1.2.1).
  for (const [change, error] of [
    [{ code_challenge_method: 'plain' }, 'invalid_request'],
    [{ aud: 'https://other.example/fhir' }, 'invalid_request'],
    [{ response_type: 'token' }, 'unsupported_response_type'],
    [{ scope: '' }, 'invalid_scope'],
  ] as const) {
    const to = await authorizeLocation({ ...good, ...change })
    assert.equal(to.origin + to.pathname, REDIRECT_URI)
    assert.equal(to.searchParams.get('error'), error)
    assert.equal(to.searchParams.get('state'), 'st')
  }
})

test('a disabled app: no new authorisations, no tokens, and its access tokens stop at once', async () => {
  const app = await registerApp(s, 'public')
  const flow = await authorize(s, app, await person(s, 'patient'), OFFLINE)
  const tokens = await exchange(flow)
  await s.t.ctx.smart.apps.disable(app.clientId)
  assert.equal(await s.t.ctx.smart.resolveBearer(tokens.access_token), null)
  assert.equal(
    await oauthError(client.refreshTokenGrant(flow.config, tokens.refresh_token!)),
    'invalid_client',
  )
  const to = await authorizeLocation({ client_id: app.clientId, redirect_uri: REDIRECT_URI })
  assert.equal(to.pathname + to.search, '/connect/refused?reason=app-disabled')
})
