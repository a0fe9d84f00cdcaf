// Booking as patients, reception and attackers see it: the slot is taken once, the FHIR record and
// the care team follow, another patient's appointment is "not found", the clinic's policy applies.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { bookingTest, type BookingTest } from './booking-test-kit.ts'
import { fhirCaller } from '../../testing/fhir-calls.ts'
import { signIn } from '../../testing/accounts.ts'

let b: BookingTest
before(async () => {
  b = await bookingTest()
})
after(() => b.close())

const MON_0900 = '2026-03-02T09:00:00.000Z'
const MON_0930 = '2026-03-02T09:30:00.000Z'
const MON_1000 = '2026-03-02T10:00:00.000Z'

async function slots(typeId: string): Promise<string[]> {
  const res = await b.call('patient', 'GET', `/api/scheduling/slots?typeId=${typeId}&limit=20`)
  assert.equal(res.status, 200, res.body)
  return (res.json['slots'] as Array<{ start: string }>).map((s) => s.start)
}

function book(who: 'patient' | 'otherPatient' | 'reception', start: string, extra: object = {}) {
  return b.call(who, 'POST', '/api/appointments', {
    typeId: b.types.consult,
    clinicianId: b.people.clinician.id,
    start,
    ...extra,
  })
}

test('a patient books the first free slot: appointment, FHIR Appointment, care team, slot gone', async () => {
  assert.equal((await slots(b.types.consult))[0], MON_0900)
  const res = await book('patient', MON_0900)
  assert.equal(res.status, 201, res.body)
  assert.equal(res.json['start'], MON_0900)
  assert.equal(res.json['end'], MON_0930)
  assert.equal(res.json['status'], 'booked')
  assert.equal(res.json['clinicianName'], 'Dr Slot')
  assert.equal(res.json['patientName'], undefined, 'a patient is not shown their own name as a field')
  assert.deepEqual(res.json['type'], { id: b.types.consult, name: 'Initial consultation', mode: 'video' })
  assert.ok(!(await slots(b.types.consult)).includes(MON_0900), 'the booked slot is no longer offered')

  const fhir = await fhirCaller(b.t, b.cookie.patient)('GET', `Appointment/${String(res.json['id'])}`)
  assert.equal(fhir.status, 200, fhir.body)
  assert.equal(fhir.json['start'], '2026-03-02T09:00:00.000Z')
  assert.equal(fhir.json['status'], 'booked')
  const team = await b.t.ctx.db
    .selectFrom('care_team')
    .selectAll()
    .where('patient_id', '=', b.people.patient.id)
    .where('clinician_id', '=', b.people.clinician.id)
    .executeTakeFirst()
  assert.equal(team?.source, 'booking', 'booking puts the clinician on the care team')
})

test('a taken slot answers 409 "just taken" with the next free times, and books nothing', async () => {
  const res = await book('otherPatient', MON_0900)
  assert.equal(res.status, 409, res.body)
  const error = res.json['error'] as { message: string; details: Array<{ path: string; message: string }> }
  assert.match(error.message, /just taken/)
  const alternatives = error.details.filter((d) => d.path === '/alternatives').map((d) => d.message)
  assert.ok(alternatives.length >= 1 && alternatives.length <= 5)
  assert.ok(!alternatives.includes(MON_0900))
  assert.equal(alternatives[0], MON_0930)
  const count = await b.t.ctx.db
    .selectFrom('appointment')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('patient_id', '=', b.people.otherPatient.id)
    .executeTakeFirstOrThrow()
  assert.equal(Number(count.n), 0)
})

test('a time that is not a slot (09:07, a Sunday, the past) is refused the same way', async () => {
  for (const start of ['2026-03-02T09:07:00.000Z', '2026-03-08T10:00:00.000Z', '2026-03-02T07:00:00.000Z']) {
    const res = await book('otherPatient', start)
    assert.equal(res.status, 409, `${start}: ${res.body}`)
  }
})

test('an overlapping booking of another length cannot double-book the clinician', async () => {
  const res = await b.call('otherPatient', 'POST', '/api/appointments', {
    typeId: b.types.short,
    clinicianId: b.people.clinician.id,
    start: '2026-03-02T09:15:00.000Z',
  })
  assert.equal(res.status, 409, res.body)
})

test('bad input names the field; unknown type and unbookable clinician are clear 400s', async () => {
  const missing = await b.call('patient', 'POST', '/api/appointments', { typeId: b.types.consult })
  assert.equal(missing.status, 400)
  const notDate = await book('patient', 'tomorrow at ten')
  assert.equal(notDate.status, 400)
  assert.match(notDate.body, /start/)
  const unknownType = await b.call('patient', 'POST', '/api/appointments', {
    typeId: randomUUID(),
    clinicianId: b.people.clinician.id,
    start: MON_1000,
  })
  assert.equal(unknownType.status, 400, unknownType.body)
  assert.match(unknownType.body, /typeId/)
  const notBookable = await b.call('patient', 'POST', '/api/appointments', {
    typeId: b.types.consult,
    clinicianId: b.people.outsider.id,
    start: MON_1000,
  })
  assert.equal(notBookable.status, 400, notBookable.body)
  assert.match(notBookable.body, /clinicianId/)
})

test("another patient's appointment is indistinguishable from a missing one", async () => {
  const mine = await book('patient', MON_1000)
  assert.equal(mine.status, 201, mine.body)
  const id = String(mine.json['id'])
  for (const [method, suffix, body] of [
    ['GET', '', undefined],
    ['GET', '/calendar.ics', undefined],
    ['POST', '/cancel', undefined],
    ['POST', '/reschedule', { start: '2026-03-03T10:00:00.000Z' }],
  ] as const) {
    const foreign = await b.call('otherPatient', method, `/api/appointments/${id}${suffix}`, body)
    const missing = await b.call('otherPatient', method, `/api/appointments/${randomUUID()}${suffix}`, body)
    assert.equal(foreign.status, 404, `${method} ${suffix}`)
    const withoutRequestId = (body: string) => body.replace(/"requestId":"[^"]*"/, '')
    assert.equal(withoutRequestId(foreign.body), withoutRequestId(missing.body), `${method} ${suffix}`)
    assert.ok(!foreign.body.includes('Maria'))
  }
  const outsider = await b.call('outsider', 'GET', `/api/appointments/${id}`)
  assert.equal(outsider.status, 404, 'a clinician outside the care team does not see it')
  const list = await b.call('otherPatient', 'GET', '/api/appointments')
  assert.deepEqual(list.json['appointments'], [])
  const asOther = await book('otherPatient', '2026-03-02T11:00:00.000Z', { patientId: b.people.patient.id })
  assert.equal(asOther.status, 404, 'a patient cannot book for someone else')
  const admin = await b.call('admin', 'GET', '/api/appointments')
  assert.equal(admin.status, 403)
})

test('reschedule moves it (old time free again, FHIR version 2); cancel frees it; both within policy', async () => {
  const booked = await book('otherPatient', '2026-03-03T14:00:00.000Z')
  assert.equal(booked.status, 201, booked.body)
  const id = String(booked.json['id'])
  const moved = await b.call('otherPatient', 'POST', `/api/appointments/${id}/reschedule`, {
    start: '2026-03-04T14:00:00.000Z',
  })
  assert.equal(moved.status, 200, moved.body)
  assert.equal(moved.json['start'], '2026-03-04T14:00:00.000Z')
  const free = await b.call(
    'patient',
    'GET',
    `/api/scheduling/slots?typeId=${b.types.consult}&from=2026-03-03T13:00:00.000Z&to=2026-03-03T15:00:00.000Z`,
  )
  assert.ok(
    (free.json['slots'] as Array<{ start: string }>).some((s) => s.start === '2026-03-03T14:00:00.000Z'),
  )
  const fhir = await fhirCaller(b.t, b.cookie.otherPatient)('GET', `Appointment/${id}`)
  assert.equal((fhir.json['meta'] as { versionId: string }).versionId, '2')
  assert.equal(fhir.json['start'], '2026-03-04T14:00:00.000Z')

  const cancelled = await b.call('otherPatient', 'POST', `/api/appointments/${id}/cancel`)
  assert.equal(cancelled.status, 200, cancelled.body)
  assert.equal(cancelled.json['status'], 'cancelled')
  assert.equal(cancelled.json['changeable'], false)
  const after = await fhirCaller(b.t, b.cookie.otherPatient)('GET', `Appointment/${id}`)
  assert.equal(after.json['status'], 'cancelled')
  const again = await b.call('otherPatient', 'POST', `/api/appointments/${id}/reschedule`, {
    start: '2026-03-05T14:00:00.000Z',
  })
  assert.equal(again.status, 409, 'a cancelled appointment cannot be moved')
})

test('within the 24-hour cut-off the patient is told to call; reception can still change it', async () => {
  const booked = await book('otherPatient', '2026-03-05T10:00:00.000Z')
  assert.equal(booked.status, 201, booked.body)
  const id = String(booked.json['id'])
  b.t.clock.set('2026-03-04T12:00:00Z')
  // Two days on, the morning's sessions have lapsed: sign in again.
  const patient = await signIn(b.t, b.people.otherPatient)
  const reception = await signIn(b.t, b.people.reception)
  try {
    const view = await b.call(patient, 'GET', `/api/appointments/${id}`)
    assert.equal(view.json['changeable'], false)
    const cancel = await b.call(patient, 'POST', `/api/appointments/${id}/cancel`)
    assert.equal(cancel.status, 409)
    assert.match(cancel.body, /call the clinic/)
    const staff = await b.call(reception, 'POST', `/api/appointments/${id}/reschedule`, {
      start: '2026-03-05T11:00:00.000Z',
    })
    assert.equal(staff.status, 200, staff.body)
  } finally {
    b.t.clock.set('2026-03-02T08:00:00Z')
  }
})

test('reception books for a patient and sees names and readiness; staff must name the patient', async () => {
  const none = await b.call('reception', 'POST', '/api/appointments', {
    typeId: b.types.consult,
    clinicianId: b.people.clinician.id,
    start: '2026-03-06T09:00:00.000Z',
  })
  assert.equal(none.status, 400)
  assert.match(none.body, /patientId/)
  const res = await book('reception', '2026-03-06T09:00:00.000Z', { patientId: b.people.otherPatient.id })
  assert.equal(res.status, 201, res.body)
  const day = await b.call(
    'reception',
    'GET',
    `/api/appointments?from=2026-03-06T00:00:00.000Z&to=2026-03-07T00:00:00.000Z&readiness=true`,
  )
  const [appt] = day.json['appointments'] as Array<Record<string, unknown>>
  assert.equal(appt?.['patientName'], 'Zed Otherpatient')
  assert.ok(appt?.['readiness'], 'staff views carry readiness')
})

test("the clinic's consent gate: booking without consent is a 400 naming what is missing", async () => {
  await b.setPolicy({ requireBeforeBooking: { consent: true, intake: false, documents: false } })
  try {
    const res = await book('otherPatient', '2026-03-09T09:00:00.000Z')
    assert.equal(res.status, 400, res.body)
    const details = (res.json['error'] as { details: Array<{ path: string; message: string }> }).details
    assert.deepEqual(
      details.map((d) => d.path),
      ['/readiness/consent'],
    )
    assert.match(details[0]!.message, /telehealth consent/)
    const staff = await book('reception', '2026-03-09T09:00:00.000Z', { patientId: b.people.otherPatient.id })
    assert.equal(staff.status, 400)
    assert.match(staff.body, /The patient has not accepted/)
  } finally {
    await b.setPolicy({})
  }
})

test('"existing patients" types are refused to a patient with no appointment yet', async () => {
  const fresh = await b.call('outsider', 'GET', '/api/scheduling/types')
  assert.equal(fresh.status, 200)
  const newcomer = await b.call('patient', 'GET', '/api/appointments')
  assert.ok((newcomer.json['appointments'] as unknown[]).length > 0)
  // The first patient has appointments: a follow-up is allowed.
  const ok = await b.call('patient', 'POST', '/api/appointments', {
    typeId: b.types.followUp,
    clinicianId: b.people.clinician.id,
    start: '2026-03-10T09:00:00.000Z',
  })
  assert.equal(ok.status, 201, ok.body)
})

test('the calendar file has the time and a sign-in link, and no name, type or clinic detail', async () => {
  const res = await book('patient', '2026-03-11T15:00:00.000Z')
  const ics = await b.call('patient', 'GET', `/api/appointments/${String(res.json['id'])}/calendar.ics`)
  assert.equal(ics.status, 200)
  assert.match(String(ics.headers['content-type']), /text\/calendar/)
  assert.match(ics.body, /DTSTART:20260311T150000Z/)
  assert.match(ics.body, /DTEND:20260311T153000Z/)
  assert.match(ics.body, /SUMMARY:Appointment\r\n/)
  for (const secret of ['Maria', 'Booking', 'Dr Slot', 'Initial consultation', 'consult']) {
    assert.ok(!ics.body.includes(secret), `no "${secret}" in the calendar file`)
  }
})

test('the FHIR API cannot create or change Appointments behind the booking rules', async () => {
  const clinician = fhirCaller(b.t, b.cookie.clinician)
  const res = await clinician('POST', 'Appointment', {
    resourceType: 'Appointment',
    status: 'booked',
    start: MON_0900,
    end: MON_0930,
    participant: [{ actor: { reference: `Patient/${b.people.patient.id}` }, status: 'accepted' }],
  })
  assert.equal(res.status, 405)
  assert.match(res.body, /scheduling API/)
})
