// Issue 8, the parts a reviewer checks after booking works: every change is in the audit trail naming
// the patient and the Appointment (whoever made it), and the clinic's intake and documents gates stop
// a booking with a 400 naming each missing step, booking nothing, until the patient is ready.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { publishSeedQuestionnaires } from '../../intake/intake-seed.ts'
import { someAddress } from '../../testing/accounts.ts'
import { multipartBody } from '../../vault/documents/document-test-kit.ts'
import { pdf } from '../../vault/documents/test-files.ts'
import { bookingTest, type BookingTest } from './booking-test-kit.ts'

let b: BookingTest
/** The clinic's intake forms (published, but not required until a test asks for them). */
let forms: string[]
before(async () => {
  b = await bookingTest({ config: { blobDir: mkdtempSync(join(tmpdir(), 'tessera-booking-blobs-')) } })
  await publishSeedQuestionnaires(b.t.ctx.intake, b.people.admin.id)
  forms = (await b.t.ctx.intake.settings.get()).requiredForms
  assert.ok(forms.length > 0)
  await b.t.ctx.intake.settings.update({ requiredForms: [] })
})
after(() => b.close())

type Details = Array<{ path: string; message: string }>
const detailsOf = (json: Record<string, unknown>) => (json['error'] as { details: Details }).details

function book(who: 'patient' | 'otherPatient' | 'reception', start: string, extra: object = {}) {
  return b.call(who, 'POST', '/api/appointments', {
    typeId: b.types.consult,
    clinicianId: b.people.clinician.id,
    start,
    ...extra,
  })
}

async function auditOf(action: string) {
  await b.t.ctx.audit.drain()
  return b.t.ctx.db
    .selectFrom('audit_event')
    .select(['action', 'patient_id', 'actor_id', 'outcome', 'body'])
    .where('action', '=', action)
    .orderBy('id')
    .execute()
}

async function appointmentsOf(patientId: string) {
  const rows = await b.t.ctx.db
    .selectFrom('appointment')
    .select('id')
    .where('patient_id', '=', patientId)
    .execute()
  const fhir = await b.t.ctx.db
    .selectFrom('fhir_resource')
    .select('id')
    .where('resource_type', '=', 'Appointment')
    .where('patient_id', '=', patientId)
    .execute()
  return { rows: rows.length, fhir: fhir.length }
}

test('book, reschedule and cancel are audited naming the patient and the Appointment, whoever acts', async () => {
  const mine = await book('patient', '2026-03-03T09:00:00.000Z')
  assert.equal(mine.status, 201, mine.body)
  const forThem = await book('reception', '2026-03-03T10:00:00.000Z', { patientId: b.people.otherPatient.id })
  assert.equal(forThem.status, 201, forThem.body)
  const id = String(mine.json['id'])
  const moved = await b.call('patient', 'POST', `/api/appointments/${id}/reschedule`, {
    start: '2026-03-04T09:00:00.000Z',
  })
  assert.equal(moved.status, 200, moved.body)
  const cancelled = await b.call(
    'reception',
    'POST',
    `/api/appointments/${String(forThem.json['id'])}/cancel`,
  )
  assert.equal(cancelled.status, 200, cancelled.body)

  const expect = [
    ['appointment.book', id, b.people.patient.id, b.people.patient.id],
    ['appointment.book', String(forThem.json['id']), b.people.otherPatient.id, b.people.reception.id],
    ['appointment.reschedule', id, b.people.patient.id, b.people.patient.id],
    ['appointment.cancel', String(forThem.json['id']), b.people.otherPatient.id, b.people.reception.id],
  ] as const
  for (const [action, appointmentId, patientId, actorId] of expect) {
    const events = (await auditOf(action)).filter(
      (e) => e.outcome === 'success' && JSON.stringify(e.body).includes(`Appointment/${appointmentId}`),
    )
    assert.equal(events.length, 1, `${action} of Appointment/${appointmentId}`)
    assert.equal(events[0]!.patient_id, patientId, `${action} names the patient`)
    assert.equal(events[0]!.actor_id, actorId, `${action} names who did it`)
  }
})

test('the intake gate: no booking until the required forms are submitted, each side told what is missing', async () => {
  await b.t.ctx.intake.settings.update({ requiredForms: forms })
  await b.setPolicy({ requireBeforeBooking: { consent: false, intake: true, documents: false } })
  try {
    const before = await appointmentsOf(b.people.otherPatient.id)
    const res = await book('otherPatient', '2026-03-09T09:00:00.000Z')
    assert.equal(res.status, 400, res.body)
    assert.deepEqual(
      detailsOf(res.json).map((d) => d.path),
      ['/readiness/intake'],
    )
    assert.match(detailsOf(res.json)[0]!.message, /Complete your health questionnaire/)
    const staff = await book('reception', '2026-03-09T09:00:00.000Z', { patientId: b.people.otherPatient.id })
    assert.equal(staff.status, 400, staff.body)
    assert.deepEqual(
      detailsOf(staff.json).map((d) => d.path),
      ['/readiness/intake'],
    )
    assert.match(detailsOf(staff.json)[0]!.message, /has not completed the intake questionnaire/)
    assert.deepEqual(await appointmentsOf(b.people.otherPatient.id), before, 'nothing booked')
    const free = await b.call(
      'otherPatient',
      'GET',
      `/api/scheduling/slots?typeId=${b.types.consult}&from=2026-03-09T09:00:00.000Z&to=2026-03-09T10:00:00.000Z`,
    )
    assert.ok(
      (free.json['slots'] as Array<{ start: string }>).some((s) => s.start === '2026-03-09T09:00:00.000Z'),
    )
  } finally {
    await b.t.ctx.intake.settings.update({ requiredForms: [] })
    await b.setPolicy({})
  }
})

test('the documents gate: refused until the required document is verified, then the same slot books', async () => {
  await b.t.ctx.intake.settings.update({ requiredDocuments: ['identity'] })
  await b.setPolicy({ requireBeforeBooking: { consent: false, intake: true, documents: true } })
  try {
    const before = await appointmentsOf(b.people.otherPatient.id)
    const start = '2026-03-10T11:00:00.000Z'
    const res = await book('otherPatient', start)
    assert.equal(res.status, 400, res.body)
    // No required forms: intake is done; only the documents are missing.
    assert.deepEqual(
      detailsOf(res.json).map((d) => d.path),
      ['/readiness/documents'],
    )
    assert.match(detailsOf(res.json)[0]!.message, /check your documents/)
    const staff = await book('reception', start, { patientId: b.people.otherPatient.id })
    assert.equal(staff.status, 400)
    assert.match(detailsOf(staff.json)[0]!.message, /required documents are not verified/)

    // Uploaded but not yet checked is still not enough.
    const { payload, contentType } = multipartBody(
      { data: pdf({ text: 'Passport' }), filename: 'passport.pdf', contentType: 'application/pdf' },
      [['category', 'identity']],
    )
    const uploaded = await b.t.app.inject({
      method: 'POST',
      url: `/api/patients/${b.people.otherPatient.id}/documents`,
      remoteAddress: someAddress(),
      headers: { ...b.t.browserHeaders, cookie: b.cookie.otherPatient, 'content-type': contentType },
      payload,
    })
    assert.equal(uploaded.statusCode, 201, uploaded.body)
    assert.equal((await book('otherPatient', start)).status, 400)
    assert.deepEqual(await appointmentsOf(b.people.otherPatient.id), before, 'nothing booked')

    // The clinician on the patient's care team (from an earlier booking) verifies it.
    const verified = await b.call(
      'clinician',
      'POST',
      `/api/documents/${JSON.parse(uploaded.body).id as string}/review`,
      { status: 'verified' },
    )
    assert.equal(verified.status, 200, verified.body)
    const ok = await book('otherPatient', start)
    assert.equal(ok.status, 201, ok.body)
  } finally {
    await b.t.ctx.intake.settings.update({ requiredDocuments: ['identity', 'summary-of-care'] })
    await b.setPolicy({})
  }
})

test('every closed gate is named at once (consent, intake, documents), and a refusal is audited as such', async () => {
  await b.t.ctx.intake.settings.update({ requiredForms: forms })
  await b.setPolicy({ requireBeforeBooking: { consent: true, intake: true, documents: true } })
  try {
    const res = await book('patient', '2026-03-11T09:00:00.000Z')
    assert.equal(res.status, 400, res.body)
    assert.deepEqual(
      detailsOf(res.json).map((d) => d.path),
      ['/readiness/consent', '/readiness/intake', '/readiness/documents'],
    )
    const refused = (await auditOf('appointment.book')).filter(
      (e) => e.actor_id === b.people.patient.id && e.outcome !== 'success',
    )
    assert.ok(refused.length >= 1, 'the refused booking is in the trail too')
  } finally {
    await b.t.ctx.intake.settings.update({ requiredForms: [] })
    await b.setPolicy({})
  }
})
