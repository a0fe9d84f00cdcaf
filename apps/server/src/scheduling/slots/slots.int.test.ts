// Free slots through GET /api/scheduling/slots and SlotFinder: the right instants for clinicians
// in different zones (also across a daylight-saving change), exceptions and bookings removing
// slots, minimum notice and horizon on the clinic's clock, and query errors naming the field.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { AppointmentTypeView, ErrorBody, FreeSlot, FreeSlotList } from '@tessera/contracts'
import { availabilityTest, type AvailabilityTest } from '../availability/availability-test-kit.ts'

let a: AvailabilityTest
let type: AppointmentTypeView
before(async () => {
  a = await availabilityTest()
  type = await a.makeType()
  // Dr (New York): Wednesdays 09:00-11:00 and Sundays 00:00-04:00. Colleague (London): Wednesdays 09:00-10:00.
  await a.setWeek('doctor', 'America/New_York', [
    { weekday: 3, start: '09:00', end: '11:00' },
    { weekday: 7, start: '00:00', end: '04:00' },
  ])
  await a.setWeek('colleague', 'Europe/London', [{ weekday: 3, start: '09:00', end: '10:00' }])
})
after(() => a.t.close())

type Err = ErrorBody
const WEDNESDAY = 'from=2026-03-04T00:00:00Z&to=2026-03-05T00:00:00Z'

async function slots(query: string, who: 'patient' | 'reception' = 'patient'): Promise<FreeSlot[]> {
  const res = await a.call(who, 'GET', `/api/scheduling/slots?${query}`)
  assert.equal(res.status, 200, res.body)
  return res.json<FreeSlotList>().slots
}
const starts = (list: FreeSlot[]) => list.map((s) => s.start)

test('one clinician: slots at their local 09:00-11:00, as UTC instants, with name and end', async () => {
  const list = await slots(`typeId=${type.id}&clinicianId=${a.people.doctor.id}&${WEDNESDAY}`)
  // New York is on EST (UTC-5) on 4 March 2026.
  assert.deepEqual(starts(list), [
    '2026-03-04T14:00:00.000Z',
    '2026-03-04T14:30:00.000Z',
    '2026-03-04T15:00:00.000Z',
    '2026-03-04T15:30:00.000Z',
  ])
  assert.deepEqual(list[0], {
    start: '2026-03-04T14:00:00.000Z',
    end: '2026-03-04T14:30:00.000Z',
    clinicianId: a.people.doctor.id,
    clinicianName: 'doctor tester',
  })
})

test('all clinicians together, soonest first, and the limit', async () => {
  const list = await slots(`typeId=${type.id}&${WEDNESDAY}`, 'reception')
  assert.deepEqual(
    list.map((s) => `${s.start.slice(11, 16)} ${s.clinicianName}`),
    [
      '09:00 colleague tester',
      '09:30 colleague tester',
      '14:00 doctor tester',
      '14:30 doctor tester',
      '15:00 doctor tester',
      '15:30 doctor tester',
    ],
  )
  assert.equal((await slots(`typeId=${type.id}&${WEDNESDAY}&limit=3`)).length, 3)
})

test('across the US spring change the Sunday 00:00-04:00 slots skip the hour that does not exist', async () => {
  const list = await slots(
    `typeId=${type.id}&clinicianId=${a.people.doctor.id}&from=2026-03-08T00:00:00Z&to=2026-03-09T00:00:00Z`,
  )
  // Local 00:00, 00:30, 01:00, 01:30 (EST), then 03:00, 03:30 (EDT).
  assert.deepEqual(starts(list), [
    '2026-03-08T05:00:00.000Z',
    '2026-03-08T05:30:00.000Z',
    '2026-03-08T06:00:00.000Z',
    '2026-03-08T06:30:00.000Z',
    '2026-03-08T07:00:00.000Z',
    '2026-03-08T07:30:00.000Z',
  ])
})

test('leave removes the slots it overlaps; removing the leave brings them back', async () => {
  const url = `/api/scheduling/clinicians/${a.people.doctor.id}/exceptions`
  const leave = await a.call('doctor', 'POST', url, {
    kind: 'unavailable',
    startsAt: '2026-03-04T14:45:00Z',
    endsAt: '2026-03-04T15:30:00Z',
    label: 'Dentist',
  })
  assert.equal(leave.status, 201, leave.body)
  const query = `typeId=${type.id}&clinicianId=${a.people.doctor.id}&${WEDNESDAY}`
  assert.deepEqual(starts(await slots(query)), ['2026-03-04T14:00:00.000Z', '2026-03-04T15:30:00.000Z'])
  const extra = await a.call('reception', 'POST', url, {
    kind: 'available',
    startsAt: '2026-03-04T18:00:00Z',
    endsAt: '2026-03-04T19:00:00Z',
    label: 'Extra clinic',
  })
  assert.equal(extra.status, 201, extra.body)
  assert.deepEqual(starts(await slots(query)).slice(2), [
    '2026-03-04T18:00:00.000Z',
    '2026-03-04T18:30:00.000Z',
  ])
  for (const e of extra.json<{ exceptions: Array<{ id: string }> }>().exceptions) {
    assert.equal((await a.call('doctor', 'DELETE', `${url}/${e.id}`)).status, 200)
  }
  assert.equal((await slots(query)).length, 4)
})

test('a booked appointment (with its buffer) takes its slots; excluding it (a reschedule) frees them', async () => {
  const buffered = await a.makeType({ name: 'Buffered', durationMinutes: 20, bufferMinutes: 10 })
  const appointmentId = randomUUID()
  const now = a.t.clock.now()
  await a.t.ctx.db
    .insertInto('appointment')
    .values({
      id: appointmentId,
      patient_id: a.people.patient.id,
      clinician_id: a.people.doctor.id,
      type_id: buffered.id,
      starts_at: '2026-03-04T14:30:00Z',
      ends_at: '2026-03-04T14:50:00Z',
      blocked_until: '2026-03-04T15:00:00Z',
      status: 'booked',
      booked_by: a.people.patient.id,
      booked_via: 'patient',
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute()
  const query = `typeId=${type.id}&clinicianId=${a.people.doctor.id}&${WEDNESDAY}`
  assert.deepEqual(starts(await slots(query)), [
    '2026-03-04T14:00:00.000Z',
    '2026-03-04T15:00:00.000Z',
    '2026-03-04T15:30:00.000Z',
  ])
  const finder = a.t.ctx.slots
  const doctor = a.people.doctor.id
  const taken = { typeId: type.id, clinicianId: doctor, start: new Date('2026-03-04T14:30:00Z') }
  assert.equal(await finder.slotAt(taken), null)
  assert.deepEqual(await finder.slotAt({ ...taken, excludeAppointmentId: appointmentId }), {
    start: new Date('2026-03-04T14:30:00Z'),
    end: new Date('2026-03-04T15:00:00Z'),
    blockedUntil: new Date('2026-03-04T15:00:00Z'),
  })
  assert.deepEqual(
    await finder.slotAt({ ...taken, typeId: buffered.id, start: new Date('2026-03-04T15:00:00Z') }),
    {
      start: new Date('2026-03-04T15:00:00Z'),
      end: new Date('2026-03-04T15:20:00Z'),
      blockedUntil: new Date('2026-03-04T15:30:00Z'),
    },
  )
  // Not on the grid, and not this clinician's hours.
  assert.equal(await finder.slotAt({ ...taken, start: new Date('2026-03-04T14:10:00Z') }), null)
  assert.equal(await finder.slotAt({ ...taken, clinicianId: a.people.colleague.id }), null)
  const rescheduling = await finder.find({
    typeId: type.id,
    clinicianId: doctor,
    from: new Date('2026-03-04T00:00:00Z'),
    to: new Date('2026-03-05T00:00:00Z'),
    excludeAppointmentId: appointmentId,
  })
  assert.equal(rescheduling.length, 4)
  await a.t.ctx.db
    .updateTable('appointment')
    .set({ status: 'cancelled', cancelled_at: now })
    .where('id', '=', appointmentId)
    .execute()
  assert.equal((await slots(query)).length, 4, 'a cancelled appointment blocks nothing')
})

test('minimum notice and horizon follow the clinic clock; the default window is now to the horizon', async () => {
  const soon = await a.makeType({ name: 'Soon', minNoticeMinutes: 24 * 60, horizonDays: 8 })
  a.t.clock.set('2026-03-03T14:44:00Z')
  await a.signInAll() // six sign-ins move the clock 3 minutes: now is Tuesday 14:47Z
  const list = await slots(`typeId=${soon.id}&clinicianId=${a.people.doctor.id}`)
  assert.deepEqual(starts(list), [
    '2026-03-04T15:00:00.000Z',
    '2026-03-04T15:30:00.000Z',
    // Sunday 8 March (spring change), then Wednesday 11 March (EDT, UTC-4); 8 days end 11 March 14:47Z.
    '2026-03-08T05:00:00.000Z',
    '2026-03-08T05:30:00.000Z',
    '2026-03-08T06:00:00.000Z',
    '2026-03-08T06:30:00.000Z',
    '2026-03-08T07:00:00.000Z',
    '2026-03-08T07:30:00.000Z',
    '2026-03-11T13:00:00.000Z',
    '2026-03-11T13:30:00.000Z',
    '2026-03-11T14:00:00.000Z',
    '2026-03-11T14:30:00.000Z',
  ])
  assert.equal(
    await a.t.ctx.slots.slotAt({
      typeId: soon.id,
      clinicianId: a.people.doctor.id,
      start: new Date('2026-03-04T14:30:00Z'),
    }),
    null,
  )
})

test('bad queries answer 400 naming the field; an unknown or retired type is refused', async () => {
  const bad = async (query: string) => {
    const res = await a.call('patient', 'GET', `/api/scheduling/slots?${query}`)
    assert.equal(res.status, 400, `${query}: ${res.body}`)
    return res.json<Err>().error.details?.map((d) => d.path)
  }
  assert.deepEqual(await bad(''), ['querystring/typeId'])
  assert.deepEqual(await bad('typeId=nope'), ['querystring/typeId'])
  assert.deepEqual(await bad(`typeId=${type.id}&from=tomorrow`), ['querystring/from'])
  assert.deepEqual(await bad(`typeId=${type.id}&limit=0`), ['querystring/limit'])
  assert.deepEqual(await bad(`typeId=${type.id}&colour=red`), ['querystring/colour'])
  assert.deepEqual(await bad(`typeId=${type.id}&from=2026-03-04T00:00:00Z&to=2026-05-06T00:00:00Z`), [
    'querystring/to',
  ])
  assert.deepEqual(await bad(`typeId=${type.id}&from=2026-03-04T00:00:00Z&to=2026-03-04T00:00:00Z`), [
    'querystring/to',
  ])
  assert.deepEqual(await bad(`typeId=${randomUUID()}`), ['/typeId'])
  const retired = await a.makeType({ name: 'Retired', active: false })
  assert.deepEqual(await bad(`typeId=${retired.id}`), ['/typeId'])
  // An unknown clinician simply has no free slots.
  assert.deepEqual(await slots(`typeId=${type.id}&clinicianId=${randomUUID()}`), [])
  const signedOut = await a.t.app.inject({ method: 'GET', url: `/api/scheduling/slots?typeId=${type.id}` })
  assert.equal(signedOut.statusCode, 401)
})
