// Every decision is a valid FHIR R4 Consent bound to the text version it answered, written through
// the store as the patient; a withdrawal makes it inactive with the end of its permission, and the
// accepted version stays in the resource's history.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import type { Consent } from '@medplum/fhirtypes'
import { validateResource } from '../fhir/validate.ts'
import { someAddress } from '../testing/accounts.ts'
import { consentTest, SAMPLE_BODY, type ConsentTest } from './consent-test-kit.ts'

let c: ConsentTest
before(async () => {
  c = await consentTest()
})
after(() => c.t.close())

async function consentIds(patientId: string): Promise<string[]> {
  const rows = await c.t.ctx.db
    .selectFrom('consent_decision')
    .select('consent_id')
    .where('patient_id', '=', patientId)
    .orderBy('seq')
    .execute()
  return rows.map((r) => r.consent_id)
}

async function fhirRead(who: 'patient' | 'otherPatient' | 'clinician', path: string) {
  const res = await c.t.app.inject({
    method: 'GET',
    url: `/fhir/R4/${path}`,
    remoteAddress: someAddress(),
    headers: { ...c.t.browserHeaders, cookie: c.cookie[who] },
  })
  return { status: res.statusCode, resource: res.json<Consent & Record<string, unknown>>() }
}

test('an acceptance is an active Consent naming the text version, valid R4', async () => {
  const text = await c.publish('telehealth', 'Consultations by video', SAMPLE_BODY)
  const res = await c.call('patient', 'POST', '/api/consents', { textId: text.id, answer: 'accept' })
  assert.equal(res.status, 200, res.body)
  const [id] = await consentIds(c.people.patient.id)
  assert.ok(id)
  const { status, resource } = await fhirRead('patient', `Consent/${id}`)
  assert.equal(status, 200)
  assert.equal(resource.status, 'active')
  assert.deepEqual(resource.patient, { reference: `Patient/${c.people.patient.id}` })
  assert.deepEqual(resource.policy, [{ uri: 'urn:tessera:consent-text:telehealth:1' }])
  assert.equal(resource.sourceAttachment?.url, 'urn:tessera:consent-text:telehealth:1')
  assert.equal(resource.sourceAttachment?.hash, createHash('sha1').update(SAMPLE_BODY).digest('base64'))
  assert.equal(resource.sourceAttachment?.title, 'Consultations by video (version 1)')
  assert.equal(resource.dateTime, c.t.clock.now().toISOString())
  assert.equal(resource.provision?.type, 'permit')
  assert.ok(
    resource.category?.some((cat) =>
      cat.coding?.some((code) => code.system === 'urn:tessera:consent-kind' && code.code === 'telehealth'),
    ),
  )
  // What the store holds passes the same validator every FHIR write passes.
  assert.doesNotThrow(() => validateResource(resource, 'Consent'))

  // The care team can see it; another patient cannot (not found, not forbidden).
  assert.equal((await fhirRead('clinician', `Consent/${id}`)).status, 200)
  assert.equal((await fhirRead('otherPatient', `Consent/${id}`)).status, 404)
})

test('a withdrawal makes the Consent inactive; its history keeps the acceptance', async () => {
  c.t.clock.advance(60_000)
  const withdrawnAt = c.t.clock.now().toISOString()
  const res = await c.call('patient', 'POST', '/api/consents/withdraw', { kind: 'telehealth' })
  assert.equal(res.status, 200, res.body)
  const [id] = await consentIds(c.people.patient.id)
  const { resource } = await fhirRead('patient', `Consent/${id}`)
  assert.equal(resource.status, 'inactive')
  assert.equal(resource.provision?.period?.end, withdrawnAt)
  assert.equal(resource.meta?.versionId, '2')
  assert.doesNotThrow(() => validateResource(resource, 'Consent'))
  const first = await fhirRead('patient', `Consent/${id}/_history/1`)
  assert.equal(first.resource.status, 'active')

  const entries = async (status: string) =>
    (
      (await fhirRead('patient', `Consent?patient=${c.people.patient.id}&status=${status}`)).resource as {
        entry?: unknown[]
      }
    ).entry?.length ?? 0
  assert.equal(await entries('active'), 0, 'no active Consent after withdrawal')
  assert.equal(await entries('inactive'), 1)
})

test('a decline is a rejected Consent with a deny provision; it ends an earlier acceptance', async () => {
  const v1 = await c.publish('gp-sharing', 'Keeping your GP informed')
  await c.call('patient', 'POST', '/api/consents', { textId: v1.id, answer: 'accept' })
  const v2 = await c.publish('gp-sharing', 'Keeping your GP informed (new)')
  const res = await c.call('patient', 'POST', '/api/consents', { textId: v2.id, answer: 'decline' })
  assert.equal(res.status, 200, res.body)
  const ids = await consentIds(c.people.patient.id)
  const accepted = (await fhirRead('patient', `Consent/${ids.at(-2)}`)).resource
  const declined = (await fhirRead('patient', `Consent/${ids.at(-1)}`)).resource
  assert.equal(declined.status, 'rejected')
  assert.equal(declined.provision?.type, 'deny')
  assert.deepEqual(declined.policy, [{ uri: 'urn:tessera:consent-text:gp-sharing:2' }])
  assert.equal(accepted.status, 'inactive', 'the version-1 acceptance ended with the decline')
  assert.deepEqual(accepted.policy, [{ uri: 'urn:tessera:consent-text:gp-sharing:1' }])
})
