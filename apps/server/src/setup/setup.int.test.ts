// The one-time administrator link, as the person holding it (or guessing at it) would see it.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { SETUP_LINK_TTL_MS } from './setup-service.ts'
import { verifyPassword } from '../identity/password-hash.ts'

let t: TestApp
before(async () => {
  t = await createTestApp()
})
after(() => t.close())

const strong = 'correct horse battery staple 42'
const create = (body: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/setup/admin',
    payload: body,
    headers: t.browserHeaders,
  })

test('a setup link creates one administrator, once', async () => {
  assert.equal(await t.ctx.setup.hasAdmin(), false)
  const { token } = await t.ctx.setup.issueAdminLink()
  const res = await create({
    token,
    email: 'Owner@Clinic.example',
    displayName: 'Clinic Owner',
    password: strong,
  })
  assert.equal(res.statusCode, 201)
  assert.equal(res.json().role, 'admin')
  assert.equal(await t.ctx.setup.hasAdmin(), true)
  const row = await t.ctx.db
    .selectFrom('account')
    .selectAll()
    .where('id', '=', res.json().id)
    .executeTakeFirstOrThrow()
  assert.match(row.password_hash ?? '', /^\$argon2id\$/)
  assert.ok(!(row.password_hash ?? '').includes(strong))
  assert.equal((await verifyPassword(row.password_hash!, strong)).ok, true)

  const again = await create({
    token,
    email: 'second@clinic.example',
    displayName: 'Second',
    password: strong,
  })
  assert.equal(again.statusCode, 400)
  assert.match(again.json().error.message, /not valid/)
})

test('the stored link is a hash: the token appears in no table and no log line', async () => {
  const { token } = await t.ctx.setup.issueAdminLink()
  const rows = await t.ctx.db.selectFrom('setup_link').selectAll().execute()
  assert.ok(rows.every((r) => r.token_hash !== token && !JSON.stringify(r).includes(token)))
  await create({ token, email: 'x@clinic.example', displayName: 'X', password: 'short' })
  assert.ok(!t.logs.text().includes(token))
  assert.ok(!t.logs.text().includes('x@clinic.example'))
})

test('an expired link and a replaced link are refused', async () => {
  const old = await t.ctx.setup.issueAdminLink()
  const newer = await t.ctx.setup.issueAdminLink()
  const replaced = await create({
    token: old.token,
    email: 'a1@clinic.example',
    displayName: 'A',
    password: strong,
  })
  assert.equal(replaced.statusCode, 400)
  t.clock.advance(SETUP_LINK_TTL_MS + 1000)
  const expired = await create({
    token: newer.token,
    email: 'a2@clinic.example',
    displayName: 'A',
    password: strong,
  })
  assert.equal(expired.statusCode, 400)
  assert.equal(expired.json().error.details[0].path, 'body/token')
})

test('a weak password is refused with a message on the password field; nothing is created', async () => {
  const { token } = await t.ctx.setup.issueAdminLink()
  const before = await t.ctx.db.selectFrom('account').select('id').execute()
  for (const password of ['elevenchars', 'password1234']) {
    const res = await create({ token, email: 'weak@clinic.example', displayName: 'W', password })
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().error.details[0].path, 'body/password')
  }
  const after = await t.ctx.db.selectFrom('account').select('id').execute()
  assert.equal(after.length, before.length)
  const ok = await create({ token, email: 'weak@clinic.example', displayName: 'W', password: strong })
  assert.equal(ok.statusCode, 201, 'the link still works after refused attempts')
})

test('an email already in use (any case) is a conflict on the email field', async () => {
  const { token } = await t.ctx.setup.issueAdminLink()
  const res = await create({ token, email: 'OWNER@clinic.EXAMPLE', displayName: 'Dup', password: strong })
  assert.equal(res.statusCode, 409)
  assert.equal(res.json().error.details[0].path, 'body/email')
})
