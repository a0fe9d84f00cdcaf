// S37 retention review and the /metrics endpoint, on PGlite and (TEST_DATABASE_URL) PostgreSQL.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { DocumentView, RetentionFlagList } from '@tessera/contracts'
import { createAccount, signIn, someAddress, type TestAccount } from '../testing/accounts.ts'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { download, upload, vaultTest, type VaultTest } from '../vault/documents/document-test-kit.ts'
import { pdf } from '../vault/documents/test-files.ts'

const YEAR_MS = 365.25 * 24 * 3600 * 1000

describe('retention (S37)', () => {
  let v: VaultTest
  let officer: TestAccount
  const docs: Record<'old' | 'recent', string> = { old: '', recent: '' }
  const privacy = async (method: 'GET' | 'POST', url: string) =>
    v.t.app.inject({
      method,
      url,
      remoteAddress: someAddress(),
      headers: { ...v.t.browserHeaders, cookie: await signIn(v.t, officer) },
    })
  const resignIn = async () => {
    for (const who of ['patient', 'otherPatient', 'clinician'] as const)
      v.cookie[who] = await signIn(v.t, v[who])
  }

  before(async () => {
    v = await vaultTest()
    officer = await createAccount(v.t, { role: 'privacy-officer' })
    for (const [key, who] of [
      ['old', 'patient'],
      ['recent', 'otherPatient'],
    ] as const) {
      const res = await upload(v, who, v[who].id, { data: pdf({ text: key }), filename: `${key}.pdf` })
      assert.equal(res.statusCode, 201, res.body)
      docs[key] = res.json<DocumentView>().id
    }
  })
  after(() => v.t.close())

  it('flags nothing before the default 8 years after the last contact', async () => {
    v.t.clock.advance(7.9 * YEAR_MS)
    const scan = await v.t.ctx.operations.retention.flagExpired()
    assert.equal(scan.flagged, 0)
    const list = await privacy('GET', '/api/privacy/retention')
    assert.deepEqual(list.json<RetentionFlagList>().flagged, [])
  })

  it('flags the expired record, not the one with a recent contact', async () => {
    await resignIn()
    // The other patient is seen again at 7.9 years: their 8 years start again.
    const res = await upload(v, 'otherPatient', v.otherPatient.id, {
      data: pdf({ text: 'again' }),
      filename: 'again.pdf',
    })
    assert.equal(res.statusCode, 201)
    v.t.clock.advance(0.2 * YEAR_MS)
    const scan = await v.t.ctx.operations.retention.flagExpired()
    assert.equal(scan.added, 1)
    const list = (await privacy('GET', '/api/privacy/retention')).json<RetentionFlagList>().flagged
    assert.deepEqual(
      list.map((f) => f.patientId),
      [v.patient.id],
    )
    assert.equal(list[0]?.category, 'adult-health-record')
    // Flagging erased nothing: the document still opens.
    await resignIn()
    assert.equal((await download(v, 'clinician', docs.old)).statusCode, 200)
  })

  it('only the privacy officer approves; approval crypto-shreds and is audited', async () => {
    const asClinician = await v.t.app.inject({
      method: 'POST',
      url: `/api/privacy/retention/${v.patient.id}/erase`,
      remoteAddress: someAddress(),
      headers: { ...v.t.browserHeaders, cookie: v.cookie.clinician },
    })
    assert.equal(asClinician.statusCode, 403)
    assert.equal((await download(v, 'clinician', docs.old)).statusCode, 200)

    const notFlagged = await privacy('POST', `/api/privacy/retention/${v.otherPatient.id}/erase`)
    assert.equal(notFlagged.statusCode, 404)
    assert.equal((await privacy('POST', '/api/privacy/retention/not-a-uuid/erase')).statusCode, 400)

    const approved = await privacy('POST', `/api/privacy/retention/${v.patient.id}/erase`)
    assert.equal(approved.statusCode, 200, approved.body)
    assert.equal((await download(v, 'clinician', docs.old)).statusCode, 410)
    assert.equal((await download(v, 'patient', docs.old)).statusCode, 410)
    assert.equal((await download(v, 'otherPatient', docs.recent)).statusCode, 200)

    const events = await v.t.ctx.db
      .selectFrom('audit_event')
      .select(['actor_id', 'patient_id'])
      .where('action', '=', 'retention.erase')
      .execute()
    assert.deepEqual(events, [{ actor_id: officer.id, patient_id: v.patient.id }])
    const again = await privacy('GET', '/api/privacy/retention')
    assert.deepEqual(again.json<RetentionFlagList>().flagged, [])
  })
})

describe('metrics', () => {
  const token = 'metrics-token-0123456789abcdef'
  let t: TestApp
  before(async () => {
    t = await createTestApp({ config: { metricsToken: token } })
  })
  after(() => t.close())

  it('needs the token, and labels requests by route template only', async () => {
    const patient = await createAccount(t, { role: 'patient' })
    const cookie = await signIn(t, patient)
    const id = randomUUID()
    for (const url of [
      `/api/documents/${id}/content`,
      `/api/patients/${patient.id}/documents`,
      `/nowhere/${id}?q=Smith`,
    ]) {
      await t.app.inject({
        method: 'GET',
        url,
        remoteAddress: someAddress(),
        headers: { ...t.browserHeaders, cookie },
      })
    }
    assert.equal((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 401)
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${token}x` },
    })
    assert.equal(wrong.statusCode, 401)
    const res = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/)
    const body = res.body
    assert.ok(body.includes('route="/api/documents/:documentId/content"'))
    assert.ok(body.includes('route="/api/patients/:patientId/documents"'))
    assert.ok(body.includes('route="unmatched"'))
    assert.ok(!body.includes(id) && !body.includes(patient.id) && !body.includes('Smith'))
    for (const m of body.matchAll(/route="([^"]*)"/g)) {
      assert.match(m[1]!, /^(unmatched|(\/[A-Za-z0-9_.:*-]*)+)$/)
      assert.doesNotMatch(m[1]!, /[0-9a-f]{8}-[0-9a-f]{4}/)
    }
    for (const name of [
      'tessera_jobs',
      'tessera_audit_unsealed_events',
      'tessera_active_calls',
      'tessera_websocket_connections',
    ]) {
      assert.ok(body.includes(`# TYPE ${name} gauge`), name)
    }
  })

  it('is off when no token is configured', async () => {
    const off = await createTestApp()
    try {
      assert.equal((await off.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 404)
    } finally {
      await off.close()
    }
  })
})
