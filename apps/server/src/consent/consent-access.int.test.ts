// Who sees a patient's consents (the care team and reception; the patient their own; another
// patient's id is simply not found) and what the audit trail records for each decision.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { PatientConsentStates } from '@tessera/contracts'
import { consentTest, type ConsentTest } from './consent-test-kit.ts'

let c: ConsentTest
before(async () => {
  c = await consentTest()
  const text = await c.publish('telehealth', 'Consultations by video')
  await c.call('patient', 'POST', '/api/consents', { textId: text.id, answer: 'accept' })
})
after(() => c.t.close())

const url = (patientId: string) => `/api/patients/${patientId}/consents`

test('the patient, their care team and reception see the states; pharmacy and admin do not', async () => {
  for (const who of ['patient', 'clinician', 'reception'] as const) {
    const res = await c.call(who, 'GET', url(c.people.patient.id))
    assert.equal(res.status, 200, `${who}: ${res.body}`)
    const states = res.json<PatientConsentStates>().states
    assert.equal(states.find((s) => s.kind === 'telehealth')?.status, 'given')
    assert.equal(states.find((s) => s.kind === 'gp-sharing')?.status, 'never')
    assert.ok(!res.body.includes('Join from a private place'), 'states only, not the texts')
  }
  for (const who of ['pharmacist', 'admin'] as const) {
    assert.equal((await c.call(who, 'GET', url(c.people.patient.id))).status, 403, who)
  }
})

test("another patient's consents are not found, exactly like an id that does not exist (S2)", async () => {
  const cases = [
    ['otherPatient', c.people.patient.id],
    ['patient', c.people.otherPatient.id],
    ['outsider', c.people.patient.id],
  ] as const
  const missing = await c.call('patient', 'GET', url(randomUUID()))
  assert.equal(missing.status, 404)
  for (const [who, patientId] of cases) {
    const res = await c.call(who, 'GET', url(patientId))
    assert.equal(res.status, 404, `${who} -> ${patientId}`)
    assert.equal(res.body.replace(/"requestId":"[^"]+"/, ''), missing.body.replace(/"requestId":"[^"]+"/, ''))
  }
  // The patient routes act on the signed-in patient only: there is no id to point elsewhere.
  assert.equal((await c.call('clinician', 'GET', '/api/consents')).status, 403)
  const other = await c.call('otherPatient', 'GET', '/api/consents')
  assert.equal(other.json<{ items: Array<{ state: { status: string } }> }>().items[1]?.state.status, 'never')
})

test('decisions, reads and publishing are in the audit trail, naming the patient and the Consent', async () => {
  await c.call('patient', 'POST', '/api/consents/withdraw', { kind: 'telehealth' })
  await c.t.ctx.audit.drain()
  const rows = await c.t.ctx.db
    .selectFrom('audit_event')
    .select(['action', 'patient_id', 'actor_id', 'outcome', 'body'])
    .where((eb) => eb.or([eb('action', 'like', 'consent.%'), eb('action', 'like', 'consent-text.%')]))
    .orderBy('id')
    .execute()
  const of = (action: string, outcome = 'success') =>
    rows.filter((r) => r.action === action && r.outcome === outcome)
  const [answer] = of('consent.answer')
  const [withdraw] = of('consent.withdraw')
  assert.ok(answer && withdraw)
  const consentId = (
    await c.t.ctx.db.selectFrom('consent_decision').select('consent_id').executeTakeFirstOrThrow()
  ).consent_id
  for (const event of [answer, withdraw]) {
    assert.equal(event.patient_id, c.people.patient.id)
    assert.equal(event.actor_id, c.people.patient.id)
    assert.ok(JSON.stringify(event.body).includes(`Consent/${consentId}`), JSON.stringify(event.body))
  }
  const reads = of('consent.read')
  assert.ok(reads.some((r) => r.actor_id === c.people.clinician.id && r.patient_id === c.people.patient.id))
  assert.ok(reads.some((r) => r.actor_id === c.people.reception.id))
  assert.ok(of('consent.read', 'denied').some((r) => r.actor_id === c.people.outsider.id))
  assert.equal(of('consent-text.publish').length, 1)
  assert.equal(of('consent-text.draft').length, 1)
  assert.ok(of('consent-text.publish')[0]?.actor_id === c.people.admin.id)
})
