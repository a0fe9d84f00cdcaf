// Appointment types and clinicians' availability through the routes: who may change what, errors
// that name the field, the FHIR Schedule made once on first use, exceptions, and the demo seed.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type {
  AppointmentTypeList,
  BookableClinicianList,
  ClinicianAvailability,
  ErrorBody,
} from '@tessera/contracts'
import { availabilityTest, type AvailabilityTest } from './availability-test-kit.ts'
import { DEMO_APPOINTMENT_TYPES, seedSchedulingDemo } from './scheduling-demo.ts'
import { createAccount } from '../../testing/accounts.ts'

let a: AvailabilityTest
before(async () => {
  a = await availabilityTest()
})
after(() => a.t.close())

type Err = ErrorBody
const paths = (body: string) => (JSON.parse(body) as Err).error.details?.map((d) => d.path) ?? []
const week = (who: 'doctor' | 'colleague') => `/api/scheduling/clinicians/${a.people[who].id}/availability`
const exceptions = (who: 'doctor' | 'colleague') =>
  `/api/scheduling/clinicians/${a.people[who].id}/exceptions`
const MORNINGS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' }))

test('only the admin creates and changes appointment types; patients see only active ones', async () => {
  const body = {
    name: 'Review',
    durationMinutes: 20,
    bufferMinutes: 5,
    mode: 'phone',
    audience: 'existing',
    minNoticeMinutes: 60,
    horizonDays: 30,
    active: true,
  }
  for (const who of ['patient', 'doctor', 'reception', 'pharmacist'] as const) {
    assert.equal((await a.call(who, 'POST', '/api/admin/appointment-types', body)).status, 403, who)
  }
  const made = await a.call('admin', 'POST', '/api/admin/appointment-types', body)
  assert.equal(made.status, 201, made.body)
  const id = made.json<{ id: string }>().id
  const retired = await a.call('admin', 'PUT', `/api/admin/appointment-types/${id}`, {
    ...body,
    active: false,
  })
  assert.equal(retired.status, 200, retired.body)
  assert.equal(retired.json<{ active: boolean }>().active, false)
  const asPatient = (await a.call('patient', 'GET', '/api/scheduling/types')).json<AppointmentTypeList>()
  assert.ok(!asPatient.types.some((t) => t.id === id), 'a retired type is not offered to patients')
  const asReception = (await a.call('reception', 'GET', '/api/scheduling/types')).json<AppointmentTypeList>()
  assert.deepEqual(
    asReception.types.find((t) => t.id === id),
    { id, ...body, active: false },
  )

  const unknown = await a.call('admin', 'PUT', `/api/admin/appointment-types/${randomUUID()}`, body)
  assert.equal(unknown.status, 404)
  const bad = await a.call('admin', 'POST', '/api/admin/appointment-types', { ...body, durationMinutes: 3 })
  assert.equal(bad.status, 400)
  assert.deepEqual(paths(bad.body), ['body/durationMinutes'])
  const blank = await a.call('admin', 'POST', '/api/admin/appointment-types', { ...body, name: '  ' })
  assert.deepEqual([blank.status, paths(blank.body)], [400, ['body/name']])
  const extra = await a.call('admin', 'POST', '/api/admin/appointment-types', { ...body, colour: 'red' })
  assert.deepEqual([extra.status, paths(extra.body)], [400, ['body/colour']])
})

test('a clinician sets their own week; reception and admin anyone’s; a patient or colleague cannot', async () => {
  const body = { timeZone: 'Europe/London', rules: MORNINGS }
  assert.equal((await a.call('patient', 'PUT', week('doctor'), body)).status, 403)
  assert.equal((await a.call('pharmacist', 'PUT', week('doctor'), body)).status, 403)
  // Another clinician's id answers like an id that does not exist (S2).
  const colleague = await a.call('colleague', 'PUT', week('doctor'), body)
  const nobody = await a.call(
    'reception',
    'PUT',
    `/api/scheduling/clinicians/${randomUUID()}/availability`,
    body,
  )
  assert.deepEqual([colleague.status, nobody.status], [404, 404])
  assert.equal(colleague.json<Err>().error.message, nobody.json<Err>().error.message)
  assert.equal((await a.call('colleague', 'GET', week('doctor'))).status, 404)
  // A patient's id is not a clinician's.
  const patientAsClinician = await a.call(
    'admin',
    'PUT',
    `/api/scheduling/clinicians/${a.people.patient.id}/availability`,
    body,
  )
  assert.equal(patientAsClinician.status, 404)
  assert.equal(
    await a.t.ctx.db.selectFrom('clinician_schedule').select('clinician_id').executeTakeFirst(),
    undefined,
  )

  const own = await a.call('doctor', 'PUT', week('doctor'), body)
  assert.equal(own.status, 200, own.body)
  assert.deepEqual(own.json<ClinicianAvailability>().rules, MORNINGS)
  const byReception = await a.call('reception', 'PUT', week('doctor'), {
    timeZone: 'America/New_York',
    rules: [{ weekday: 2, start: '13:00', end: '24:00' }],
  })
  assert.equal(byReception.status, 200, byReception.body)
  const view = (await a.call('doctor', 'GET', week('doctor'))).json<ClinicianAvailability>()
  assert.equal(view.timeZone, 'America/New_York')
  assert.deepEqual(view.rules, [{ weekday: 2, start: '13:00', end: '24:00' }])
  assert.equal(view.name, 'doctor tester')
})

test('the first change makes the clinician_schedule row and one FHIR Schedule; later ones reuse it', async () => {
  await a.setWeek('doctor', 'Europe/London', MORNINGS)
  const rows = await a.t.ctx.db
    .selectFrom('clinician_schedule')
    .selectAll()
    .where('clinician_id', '=', a.people.doctor.id)
    .execute()
  assert.equal(rows.length, 1)
  const resource = await a.t.ctx.db
    .selectFrom('fhir_resource')
    .select(['content', 'patient_id'])
    .where('resource_type', '=', 'Schedule')
    .where('id', '=', rows[0]!.schedule_id)
    .executeTakeFirstOrThrow()
  const schedule = resource.content as unknown as {
    actor: Array<{ identifier: { value: string }; display: string }>
  }
  assert.equal(schedule.actor[0]!.identifier.value, a.people.doctor.id)
  assert.equal(resource.patient_id, null)
  const schedules = await a.t.ctx.db
    .selectFrom('fhir_resource')
    .select('id')
    .where('resource_type', '=', 'Schedule')
    .execute()
  assert.equal(schedules.length, 1)
  // The change is in the audit trail, naming the Schedule.
  const events = await a.t.ctx.db
    .selectFrom('audit_event')
    .select(['action', 'body'])
    .where('action', '=', 'scheduling.availability-update')
    .execute()
  assert.ok(events.some((e) => JSON.stringify(e.body).includes(`Schedule/${rows[0]!.schedule_id}`)))
})

test('bad weeks are refused whole, naming the rule or the zone; nothing is half-saved', async () => {
  const before = (await a.call('doctor', 'GET', week('doctor'))).json<ClinicianAvailability>()
  const overlapping = await a.call('doctor', 'PUT', week('doctor'), {
    timeZone: 'Europe/London',
    rules: [
      { weekday: 1, start: '09:00', end: '12:00' },
      { weekday: 2, start: '09:00', end: '12:00' },
      { weekday: 1, start: '13:00', end: '17:00' },
      { weekday: 1, start: '11:30', end: '12:30' },
    ],
  })
  assert.equal(overlapping.status, 400)
  assert.deepEqual(paths(overlapping.body), ['body/rules/3'])
  const backwards = await a.call('doctor', 'PUT', week('doctor'), {
    timeZone: 'Europe/London',
    rules: [{ weekday: 1, start: '12:00', end: '09:00' }],
  })
  assert.deepEqual([backwards.status, paths(backwards.body)], [400, ['body/rules/0']])
  const zone = await a.call('doctor', 'PUT', week('doctor'), { timeZone: 'Europe/Atlantis', rules: MORNINGS })
  assert.deepEqual([zone.status, paths(zone.body)], [400, ['body/timeZone']])
  const time = await a.call('doctor', 'PUT', week('doctor'), {
    timeZone: 'Europe/London',
    rules: [{ weekday: 8, start: '09:00', end: '25:00' }],
  })
  assert.equal(time.status, 400)
  assert.match(paths(time.body)[0] ?? '', /^body\/rules\/0\//)
  assert.deepEqual((await a.call('doctor', 'GET', week('doctor'))).json<ClinicianAvailability>(), before)
})

test('exceptions: added and removed by the clinician, dates checked, a colleague’s are not found', async () => {
  const leave = {
    kind: 'unavailable',
    startsAt: '2026-03-10T00:00:00Z',
    endsAt: '2026-03-13T00:00:00Z',
    label: 'Leave',
  }
  const added = await a.call('doctor', 'POST', exceptions('doctor'), leave)
  assert.equal(added.status, 201, added.body)
  const listed = added.json<ClinicianAvailability>().exceptions
  assert.deepEqual(
    listed.map(({ id: _id, ...e }) => e),
    [
      {
        kind: 'unavailable',
        startsAt: '2026-03-10T00:00:00.000Z',
        endsAt: '2026-03-13T00:00:00.000Z',
        label: 'Leave',
      },
    ],
  )
  const id = listed[0]!.id

  const backwards = await a.call('doctor', 'POST', exceptions('doctor'), {
    ...leave,
    endsAt: '2026-03-09T00:00:00Z',
  })
  assert.deepEqual([backwards.status, paths(backwards.body)], [400, ['body/endsAt']])
  const tooLong = await a.call('doctor', 'POST', exceptions('doctor'), {
    ...leave,
    endsAt: '2027-03-12T00:00:00Z',
  })
  assert.deepEqual([tooLong.status, paths(tooLong.body)], [400, ['body/endsAt']])
  const notADate = await a.call('doctor', 'POST', exceptions('doctor'), {
    ...leave,
    startsAt: 'next tuesday',
  })
  assert.deepEqual([notADate.status, paths(notADate.body)], [400, ['body/startsAt']])
  assert.equal((await a.call('patient', 'POST', exceptions('doctor'), leave)).status, 403)
  assert.equal((await a.call('colleague', 'POST', exceptions('doctor'), leave)).status, 404)

  const foreign = await a.call('colleague', 'DELETE', `${exceptions('doctor')}/${id}`)
  const viaColleague = await a.call('reception', 'DELETE', `${exceptions('colleague')}/${id}`)
  const missing = await a.call('reception', 'DELETE', `${exceptions('doctor')}/${randomUUID()}`)
  assert.deepEqual([foreign.status, viaColleague.status, missing.status], [404, 404, 404])
  const removed = await a.call('doctor', 'DELETE', `${exceptions('doctor')}/${id}`)
  assert.equal(removed.status, 200, removed.body)
  assert.deepEqual(removed.json<ClinicianAvailability>().exceptions, [])
  assert.equal((await a.call('doctor', 'DELETE', `${exceptions('doctor')}/${id}`)).status, 404)
})

test('an exception for a clinician with no week yet sets them up in the clinic’s zone', async () => {
  const session = {
    kind: 'available',
    startsAt: '2026-03-14T10:00:00Z',
    endsAt: '2026-03-14T12:00:00Z',
    label: 'Extra clinic',
  }
  const res = await a.call('reception', 'POST', exceptions('colleague'), session)
  assert.equal(res.status, 201, res.body)
  assert.equal(res.json<ClinicianAvailability>().timeZone, a.t.ctx.config.clinicTimeZone)
})

test('the clinicians list: those with a schedule and an active account, for everyone signed in', async () => {
  const list = (await a.call('patient', 'GET', '/api/scheduling/clinicians')).json<BookableClinicianList>()
  const ids = list.clinicians.map((c) => c.id)
  assert.ok(ids.includes(a.people.doctor.id) && ids.includes(a.people.colleague.id))
  await a.t.ctx.db
    .updateTable('account')
    .set({ disabled_at: a.t.clock.now() })
    .where('id', '=', a.people.colleague.id)
    .execute()
  const after = (await a.call('patient', 'GET', '/api/scheduling/clinicians')).json<BookableClinicianList>()
  assert.deepEqual(
    after.clinicians.map((c) => c.id),
    [a.people.doctor.id],
  )
  await a.t.ctx.db
    .updateTable('account')
    .set({ disabled_at: null })
    .where('id', '=', a.people.colleague.id)
    .execute()
})

test('the demo seed makes three types and Dr Okafor’s week, and running it again changes nothing', async () => {
  const okafor = await createAccount(a.t, {
    role: 'clinician',
    email: 'dr.okafor@clinic.example',
    displayName: 'Dr Ada Okafor',
  })
  await seedSchedulingDemo(a.t.ctx, a.people.admin.id)
  await seedSchedulingDemo(a.t.ctx, a.people.admin.id)
  const types = (await a.call('admin', 'GET', '/api/scheduling/types')).json<AppointmentTypeList>().types
  for (const demo of DEMO_APPOINTMENT_TYPES) {
    assert.deepEqual(
      types.filter((t) => t.name === demo.name).map(({ id: _id, ...t }) => t),
      [demo],
    )
  }
  const view = (
    await a.call('admin', 'GET', `/api/scheduling/clinicians/${okafor.id}/availability`)
  ).json<ClinicianAvailability>()
  assert.equal(view.timeZone, 'Europe/London')
  assert.equal(view.rules.length, 10)
  assert.deepEqual(view.rules.slice(0, 2), [
    { weekday: 1, start: '09:00', end: '12:30' },
    { weekday: 1, start: '13:30', end: '17:00' },
  ])
})
