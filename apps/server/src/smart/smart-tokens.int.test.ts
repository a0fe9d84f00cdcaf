// Refresh tokens (rotation, replay detection), expiry, revocation by the app and by the person,
// introspection, and when a grant stops working on its own.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import * as client from 'openid-client'
import { signIn } from '../testing/accounts.ts'
import {
  authorize,
  discover,
  exchange,
  oauthError,
  person,
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

test('refresh: each refresh token works once; a replay ends the whole grant (both parties)', async () => {
  const app = await registerApp(s, 'public')
  const patient = await person(s, 'patient')
  const flow = await authorize(s, app, patient, OFFLINE)
  const first = await exchange(flow)
  const second = await client.refreshTokenGrant(flow.config, first.refresh_token!)
  assert.notEqual(second.refresh_token, first.refresh_token, 'rotated')
  assert.equal(second.scope, 'patient/*.rs offline_access')
  assert.ok(await s.t.ctx.smart.resolveBearer(second.access_token))

  // The old one again: someone holds a copy. Both the thief's and the app's tokens stop.
  assert.equal(await oauthError(client.refreshTokenGrant(flow.config, first.refresh_token!)), 'invalid_grant')
  assert.equal(
    await oauthError(client.refreshTokenGrant(flow.config, second.refresh_token!)),
    'invalid_grant',
  )
  assert.equal(await s.t.ctx.smart.resolveBearer(second.access_token), null)
  const grant = await s.t.ctx.db
    .selectFrom('smart_grant')
    .select('revoke_reason')
    .where('client_id', '=', app.clientId)
    .executeTakeFirstOrThrow()
  assert.equal(grant.revoke_reason, 'refresh-token-reuse')
  // The refused replay is in the audit trail under the patient, naming the app and the grant.
  const replay = await s.t.ctx.db
    .selectFrom('audit_event')
    .select('body')
    .where('action', '=', 'smart.token.issue')
    .where('outcome', '=', 'failure')
    .where('actor_id', '=', patient.id)
    .executeTakeFirstOrThrow()
  assert.match(JSON.stringify(replay.body), new RegExp(`Device/${app.clientId}.*SmartGrant/`))
})

test('refresh may narrow the scope, never widen it; no refresh token without offline_access', async () => {
  const app = await registerApp(s, 'public')
  const flow = await authorize(
    s,
    app,
    await person(s, 'patient'),
    'patient/*.rs launch/patient offline_access',
  )
  const tokens = await exchange(flow)
  const narrower = await client.refreshTokenGrant(flow.config, tokens.refresh_token!, {
    scope: 'launch/patient offline_access',
  })
  assert.equal(narrower.scope, 'launch/patient offline_access')
  const wider = client.refreshTokenGrant(flow.config, narrower.refresh_token!, { scope: 'user/*.rs' })
  assert.equal(await oauthError(wider), 'invalid_scope')

  const online = await exchange(await authorize(s, app, await person(s, 'patient'), 'patient/*.rs'))
  assert.equal(online.refresh_token, undefined)
})

test('access tokens expire after 5 minutes', async () => {
  const app = await registerApp(s, 'public')
  const tokens = await exchange(await authorize(s, app, await person(s, 'patient'), 'patient/*.rs'))
  s.t.clock.advance(299_000)
  assert.ok(await s.t.ctx.smart.resolveBearer(tokens.access_token))
  s.t.clock.advance(2_000)
  assert.equal(await s.t.ctx.smart.resolveBearer(tokens.access_token), null)
})

test('introspection (RFC 7662): confidential apps, their own tokens only; revoked and expired are inactive', async () => {
  const app = await registerApp(s, 'confidential')
  const patient = await person(s, 'patient')
  const flow = await authorize(s, app, patient, OFFLINE)
  const tokens = await exchange(flow)
  const access = await client.tokenIntrospection(flow.config, tokens.access_token)
  assert.equal(access.active, true)
  assert.equal(access.sub, patient.id)
  assert.equal(access.client_id, app.clientId)
  assert.equal(access.scope, 'patient/*.rs offline_access')
  assert.equal(access.token_type, 'Bearer')
  assert.equal(access['patient'], patient.id)
  const refresh = await client.tokenIntrospection(flow.config, tokens.refresh_token!)
  assert.equal(refresh.active, true)
  assert.equal(refresh.token_type, 'refresh_token')
  assert.deepEqual(await client.tokenIntrospection(flow.config, 'garbage'), { active: false })

  // Another confidential app learns nothing about this app's tokens.
  const other = await discover(s, await registerApp(s, 'confidential'))
  assert.deepEqual(await client.tokenIntrospection(other, tokens.access_token), { active: false })
  // A public app cannot introspect at all.
  const publicApp = await discover(s, await registerApp(s, 'public'))
  assert.equal(await oauthError(client.tokenIntrospection(publicApp, tokens.access_token)), 'invalid_client')

  s.t.clock.advance(301_000)
  assert.deepEqual(await client.tokenIntrospection(flow.config, tokens.access_token), { active: false })
})

test('revocation (RFC 7009): revoking the refresh token ends the grant; unknown tokens still get 200', async () => {
  const app = await registerApp(s, 'public')
  const flow = await authorize(s, app, await person(s, 'patient'), OFFLINE)
  const tokens = await exchange(flow)
  await client.tokenRevocation(flow.config, 'not-a-token-we-issued')
  await client.tokenRevocation(flow.config, tokens.refresh_token!)
  assert.equal(await s.t.ctx.smart.resolveBearer(tokens.access_token), null)
  assert.equal(
    await oauthError(client.refreshTokenGrant(flow.config, tokens.refresh_token!)),
    'invalid_grant',
  )
})

test("the person's connected apps: listed in plain words, and disconnecting ends the app's tokens", async () => {
  const app = await registerApp(s, 'public')
  const patient = await person(s, 'patient')
  const flow = await authorize(s, app, patient, OFFLINE)
  const tokens = await exchange(flow)
  const cookie = await signIn(s.t, patient)
  const headers = { ...s.t.browserHeaders, cookie }
  const listed = await s.t.app.inject({ method: 'GET', url: '/api/smart/connections', headers })
  const apps = listed.json<{ apps: Array<{ clientId: string; scopes: Array<{ text: string }> }> }>().apps
  assert.deepEqual(
    apps.map((a) => a.clientId),
    [app.clientId],
  )
  assert.deepEqual(
    apps[0]!.scopes.map((x) => x.text),
    ['Read your whole record', 'Keep access while you are not using it, until you disconnect it'],
  )
  const url = `/api/smart/connections/${app.clientId}`
  assert.equal((await s.t.app.inject({ method: 'DELETE', url, headers })).statusCode, 200)
  assert.equal((await s.t.app.inject({ method: 'DELETE', url, headers })).statusCode, 404)
  assert.equal(await s.t.ctx.smart.resolveBearer(tokens.access_token), null)
  assert.equal(
    await oauthError(client.refreshTokenGrant(flow.config, tokens.refresh_token!)),
    'invalid_grant',
  )
})

test('a changed password or a disabled account stops the grant (S15)', async () => {
  const app = await registerApp(s, 'public')
  const patient = await person(s, 'patient')
  const tokens = await exchange(await authorize(s, app, patient, OFFLINE))
  s.t.clock.advance(1000)
  await s.t.ctx.db
    .updateTable('account')
    .set({ password_changed_at: s.t.clock.now() })
    .where('id', '=', patient.id)
    .execute()
  assert.equal(await s.t.ctx.smart.resolveBearer(tokens.access_token), null)

  const other = await person(s, 'patient')
  const more = await exchange(await authorize(s, app, other, OFFLINE))
  await s.t.ctx.db
    .updateTable('account')
    .set({ disabled_at: s.t.clock.now() })
    .where('id', '=', other.id)
    .execute()
  assert.equal(await s.t.ctx.smart.resolveBearer(more.access_token), null)
})

test("a member of staff's grant ends with the absolute session limit; a patient's does not", async () => {
  const app = await registerApp(s, 'public')
  const clinician = await exchange(
    await authorize(s, app, await person(s, 'clinician'), 'user/*.rs offline_access'),
  )
  const patientFlow = await authorize(s, app, await person(s, 'patient'), OFFLINE)
  const patient = await exchange(patientFlow)
  const clinicianFlowConfig = await discover(s, app)
  s.t.clock.advance(12 * 3600_000)
  assert.equal(
    await oauthError(client.refreshTokenGrant(clinicianFlowConfig, clinician.refresh_token!)),
    'invalid_grant',
  )
  const later = await client.refreshTokenGrant(patientFlow.config, patient.refresh_token!)
  assert.ok(await s.t.ctx.smart.resolveBearer(later.access_token))
})
