// Patients' consents through the real routes and service: a new version asks again, accept,
// decline, withdraw, and a withdrawal that counts from the very next check.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { AppError } from '../platform/errors.ts'
import { consentTest, item, type ConsentTest } from './consent-test-kit.ts'

let c: ConsentTest
before(async () => {
  c = await consentTest()
})
after(() => c.t.close())

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (err) {
    assert.ok(err instanceof AppError, String(err))
    return err
  }
  assert.fail('expected a refusal')
}

test('before anything is published, nothing is asked and consultations are refused', async () => {
  const consents = await c.consents()
  assert.equal(consents.items.length, 3)
  assert.ok(consents.items.every((i) => i.text === null && !i.needsAnswer && i.state.status === 'never'))
  const err = await refusal(c.t.ctx.consent.assertRequiredFor(c.people.patient.id, 'consultation'))
  assert.equal(err.code, 'forbidden')
  assert.deepEqual(err.details, [
    { path: 'consent/privacy-notice', message: 'not-published' },
    { path: 'consent/telehealth', message: 'not-published' },
  ])
})

test('a published text is asked for; accepting gives it on the current version', async () => {
  const v1 = await c.publish('telehealth', 'Consultations by video')
  await c.publish('privacy-notice', 'Your privacy')
  let telehealth = item(await c.consents(), 'telehealth')
  assert.equal(telehealth.needsAnswer, true)
  assert.equal(telehealth.text?.version, 1)
  assert.equal(telehealth.requiredBefore, 'consultation')
  assert.equal(telehealth.canDecline, false)

  const res = await c.call('patient', 'POST', '/api/consents', { textId: v1.id, answer: 'accept' })
  assert.equal(res.status, 200, res.body)
  telehealth = item(res.json(), 'telehealth')
  assert.deepEqual(
    { status: telehealth.state.status, version: telehealth.state.version, current: telehealth.state.current },
    { status: 'given', version: 1, current: true },
  )
  assert.equal(telehealth.needsAnswer, false)
  await c.t.ctx.consent.assertGiven(c.people.patient.id, 'telehealth')
  const states = await c.t.ctx.consent.current(c.people.patient.id)
  assert.equal(states.telehealth.status, 'given')
  assert.equal(states.privacyNotice.status, 'never')
  assert.equal(states.gpSharing.currentVersion, null)

  // Another patient's standing is their own.
  assert.equal((await c.t.ctx.consent.current(c.people.otherPatient.id)).telehealth.status, 'never')
  // A second press records nothing new.
  const again = await c.call('patient', 'POST', '/api/consents', { textId: v1.id, answer: 'accept' })
  assert.equal(again.status, 200)
  const rows = await c.t.ctx.db
    .selectFrom('consent_decision')
    .select('id')
    .where('patient_id', '=', c.people.patient.id)
    .execute()
  assert.equal(rows.length, 1)
})

test('a new version asks again; the old consent no longer counts until the new one is accepted', async () => {
  const v1 = item(await c.consents(), 'telehealth').text!
  const v2 = await c.publish('telehealth', 'Consultations by video (updated)')
  assert.equal(v2.version, 2)
  const telehealth = item(await c.consents(), 'telehealth')
  assert.equal(telehealth.needsAnswer, true)
  assert.equal(telehealth.state.status, 'given')
  assert.equal(telehealth.state.version, 1)
  assert.equal(telehealth.state.currentVersion, 2)
  assert.equal(telehealth.state.current, false)

  const err = await refusal(c.t.ctx.consent.assertGiven(c.people.patient.id, 'telehealth'))
  assert.deepEqual(err.details, [{ path: 'consent/telehealth', message: 'outdated' }])
  await c.t.ctx.consent.assertGiven(c.people.patient.id, 'telehealth', { anyVersion: true })

  // Answering the version shown before the new one was published is refused, naming the field.
  const stale = await c.call('patient', 'POST', '/api/consents', { textId: v1.id, answer: 'accept' })
  assert.equal(stale.status, 409, stale.body)
  assert.deepEqual(stale.json<{ error: { details: unknown } }>().error.details, [
    { path: 'body/textId', message: 'not the current version' },
  ])

  const ok = await c.call('patient', 'POST', '/api/consents', { textId: v2.id, answer: 'accept' })
  assert.equal(ok.status, 200, ok.body)
  assert.equal(item(ok.json(), 'telehealth').state.current, true)
  await c.t.ctx.consent.assertGiven(c.people.patient.id, 'telehealth')
})

test('withdrawal takes effect at once and shows as withdrawn', async () => {
  const res = await c.call('patient', 'POST', '/api/consents/withdraw', { kind: 'telehealth' })
  assert.equal(res.status, 200, res.body)
  const telehealth = item(res.json(), 'telehealth')
  assert.equal(telehealth.state.status, 'withdrawn')
  assert.equal(
    telehealth.needsAnswer,
    false,
    'a withdrawal is the patient’s choice; not asked again unprompted',
  )

  const err = await refusal(c.t.ctx.consent.assertGiven(c.people.patient.id, 'telehealth'))
  assert.equal(err.code, 'forbidden')
  assert.equal(err.status, 403)
  assert.match(err.message, /Telehealth consent was withdrawn/)
  assert.deepEqual(err.details, [{ path: 'consent/telehealth', message: 'withdrawn' }])
  const both = await refusal(c.t.ctx.consent.assertRequiredFor(c.people.patient.id, 'consultation'))
  assert.deepEqual(both.details, [
    { path: 'consent/privacy-notice', message: 'never' },
    { path: 'consent/telehealth', message: 'withdrawn' },
  ])

  // Withdrawing again changes nothing; withdrawing what was never given is a clear 409.
  const twice = await c.call('patient', 'POST', '/api/consents/withdraw', { kind: 'telehealth' })
  assert.equal(twice.status, 200, twice.body)
  const never = await c.call('patient', 'POST', '/api/consents/withdraw', { kind: 'privacy-notice' })
  assert.equal(never.status, 409, never.body)

  // Given again, it counts again.
  const current = item(await c.consents(), 'telehealth').text!
  const back = await c.call('patient', 'POST', '/api/consents', { textId: current.id, answer: 'accept' })
  assert.equal(back.status, 200, back.body)
  await c.t.ctx.consent.assertGiven(c.people.patient.id, 'telehealth')
})

test('GP sharing can be declined (and blocks letters); a required consent cannot be declined', async () => {
  const gp = await c.publish('gp-sharing', 'Keeping your GP informed')
  const declined = await c.call('patient', 'POST', '/api/consents', { textId: gp.id, answer: 'decline' })
  assert.equal(declined.status, 200, declined.body)
  const state = item(declined.json(), 'gp-sharing')
  assert.equal(state.state.status, 'declined')
  assert.equal(state.needsAnswer, false)
  const err = await refusal(c.t.ctx.consent.assertGiven(c.people.patient.id, 'gp-sharing'))
  assert.deepEqual(err.details, [{ path: 'consent/gp-sharing', message: 'declined' }])

  const telehealth = item(await c.consents(), 'telehealth').text!
  const refused = await c.call('patient', 'POST', '/api/consents', {
    textId: telehealth.id,
    answer: 'decline',
  })
  assert.equal(refused.status, 400, refused.body)
  assert.deepEqual(refused.json<{ error: { details: unknown } }>().error.details, [
    { path: 'body/answer', message: 'cannot be declined' },
  ])

  // Changing one's mind: accept after declining, then withdraw.
  const accepted = await c.call('patient', 'POST', '/api/consents', { textId: gp.id, answer: 'accept' })
  assert.equal(item(accepted.json(), 'gp-sharing').state.status, 'given')
  await c.t.ctx.consent.assertGiven(c.people.patient.id, 'gp-sharing')
  await c.call('patient', 'POST', '/api/consents/withdraw', { kind: 'gp-sharing' })
  await refusal(c.t.ctx.consent.assertGiven(c.people.patient.id, 'gp-sharing'))
})

test('unknown texts, drafts and malformed answers are refused with the field named', async () => {
  const draft = await c.call('admin', 'POST', '/api/admin/consent-texts', {
    kind: 'privacy-notice',
    title: 'Draft notice',
    body: 'Not yet published, so nobody can accept it.',
  })
  assert.equal(draft.status, 201, draft.body)
  const onDraft = await c.call('patient', 'POST', '/api/consents', {
    textId: draft.json<{ id: string }>().id,
    answer: 'accept',
  })
  assert.equal(onDraft.status, 404)
  const unknownField = await c.call('patient', 'POST', '/api/consents', {
    textId: draft.json<{ id: string }>().id,
    answer: 'accept',
    patientId: c.people.otherPatient.id,
  })
  assert.equal(unknownField.status, 400)
  assert.match(unknownField.body, /unknown field \\"patientId\\"/)
  const badKind = await c.call('patient', 'POST', '/api/consents/withdraw', { kind: 'marketing' })
  assert.equal(badKind.status, 400)
  await c.call('admin', 'DELETE', `/api/admin/consent-texts/${draft.json<{ id: string }>().id}`)
})
