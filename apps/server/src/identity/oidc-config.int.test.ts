// Provider sign-in when it is off, or when the configured provider cannot be used: never a 500,
// never a session, a clear log line (the flow itself: oidc.int.test.ts).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp } from '../testing/test-app.ts'
import { freePort } from './oidc-test-provider.ts'

const CLIENT_ID = 'tessera-test'
const CLIENT_SECRET = 'client-secret-for-a-provider-that-is-not-there'
const CALLBACK = '/api/auth/oidc/callback'
const FAILED = '/sign-in?error=oidc'

test('without OIDC configured: the status says so and the flow routes are 404', async () => {
  const plain = await createTestApp()
  try {
    const status = await plain.app.inject({ method: 'GET', url: '/api/auth/oidc' })
    assert.deepEqual(status.json(), { enabled: false })
    for (const url of ['/api/auth/oidc/start', `${CALLBACK}?code=x&state=y`]) {
      assert.equal((await plain.app.inject({ method: 'GET', url })).statusCode, 404)
    }
  } finally {
    await plain.close()
  }
})

test('a provider that cannot be reached or is not https: back to the sign-in page, logged (S32)', async () => {
  const closed = await freePort()
  for (const issuer of [`http://127.0.0.1:${closed}`, 'http://idp.example.org']) {
    const app = await createTestApp({
      config: { oidcIssuer: issuer, oidcClientId: CLIENT_ID, oidcClientSecret: CLIENT_SECRET },
    })
    try {
      const res = await app.app.inject({ method: 'GET', url: '/api/auth/oidc/start' })
      assert.equal(res.statusCode, 302)
      assert.equal(res.headers.location, FAILED)
      assert.equal(res.headers['set-cookie'], undefined)
      assert.match(app.logs.text(), /"reason":"unavailable"/)
      assert.ok(!app.logs.text().includes(CLIENT_SECRET))
    } finally {
      await app.close()
    }
  }
})
