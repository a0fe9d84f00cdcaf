// Shared by the booking tests: a clinic with one bookable clinician (Mon-Fri 09:00-17:00
// Europe/London), appointment types, two patients, reception and an outsider clinician, each
// signed in, and JSON calls through app.inject. The clock starts on Monday 2 March 2026, 08:00 UTC.
import { randomUUID } from 'node:crypto'
import type { AppointmentAudience, BookingPolicy } from '@tessera/contracts'
import { createAccount, signIn, someAddress, type TestAccount } from '../../testing/accounts.ts'
import { createTestApp, type TestApp, type TestAppOptions } from '../../testing/test-app.ts'

export type Person = 'patient' | 'otherPatient' | 'clinician' | 'outsider' | 'reception' | 'admin'

export interface Reply {
  status: number
  json: Record<string, unknown> & { [key: string]: unknown }
  body: string
  headers: Record<string, unknown>
}

export interface BookingTest {
  t: TestApp
  people: Record<Person, TestAccount>
  cookie: Record<Person, string>
  /** Appointment type ids: 30-minute video for anyone, 15-minute follow-up for existing patients. */
  types: { consult: string; followUp: string; short: string }
  /** `who`: a Person of the kit, or the Cookie header value of another session. */
  call(who: string | null, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<Reply>
  setPolicy(policy: Partial<BookingPolicy>): Promise<void>
  close(): Promise<void>
}

export const OPEN_POLICY: BookingPolicy = {
  patientChangeCutoffHours: 24,
  requireBeforeBooking: { consent: false, intake: false, documents: false },
  requireBeforeJoining: { consent: true, intake: false, documents: false },
}

export async function addType(
  t: TestApp,
  name: string,
  minutes: number,
  audience: AppointmentAudience = 'any',
  buffer = 0,
): Promise<string> {
  const id = randomUUID()
  const now = t.clock.now()
  await t.ctx.db
    .insertInto('appointment_type')
    .values({
      id,
      name,
      duration_minutes: minutes,
      buffer_minutes: buffer,
      mode: 'video',
      audience,
      min_notice_minutes: 0,
      horizon_days: 60,
      active: true,
      created_at: now,
      updated_at: now,
    })
    .execute()
  return id
}

/** Makes `clinicianId` bookable on weekdays 09:00-17:00 in `timeZone`. */
export async function addWeekdaySchedule(t: TestApp, clinicianId: string, timeZone = 'Europe/London') {
  await t.ctx.db
    .insertInto('clinician_schedule')
    .values({
      clinician_id: clinicianId,
      time_zone: timeZone,
      schedule_id: randomUUID(),
      updated_at: t.clock.now(),
    })
    .execute()
  for (let weekday = 1; weekday <= 5; weekday++) {
    await t.ctx.db
      .insertInto('availability_rule')
      .values({
        id: randomUUID(),
        clinician_id: clinicianId,
        weekday,
        start_time: '09:00',
        end_time: '17:00',
      })
      .execute()
  }
}

export async function bookingTest(options: TestAppOptions = {}): Promise<BookingTest> {
  const t = await createTestApp(options)
  t.clock.set('2026-03-02T08:00:00Z')
  const people = {
    patient: await createAccount(t, { role: 'patient', displayName: 'Maria Booking' }),
    otherPatient: await createAccount(t, { role: 'patient', displayName: 'Zed Otherpatient' }),
    clinician: await createAccount(t, { role: 'clinician', displayName: 'Dr Slot' }),
    outsider: await createAccount(t, { role: 'clinician', displayName: 'Dr Outside' }),
    reception: await createAccount(t, { role: 'reception' }),
    admin: await createAccount(t, { role: 'admin' }),
  }
  await addWeekdaySchedule(t, people.clinician.id)
  const types = {
    consult: await addType(t, 'Initial consultation', 30),
    followUp: await addType(t, 'Follow-up', 15, 'existing'),
    short: await addType(t, 'Quick check', 15),
  }
  const cookie = {} as Record<Person, string>
  for (const [name, account] of Object.entries(people)) cookie[name as Person] = await signIn(t, account)
  const call: BookingTest['call'] = async (who, method, url, body) => {
    const sessionCookie = who === null ? undefined : (cookie[who as Person] ?? who)
    const res = await t.app.inject({
      method,
      url,
      remoteAddress: someAddress(),
      headers: { ...t.browserHeaders, ...(sessionCookie ? { cookie: sessionCookie } : {}) },
      ...(body === undefined ? {} : { payload: body as object }),
    })
    const json =
      res.body && String(res.headers['content-type']).includes('json')
        ? (JSON.parse(res.body) as Reply['json'])
        : {}
    return { status: res.statusCode, json, body: res.body, headers: res.headers }
  }
  const setPolicy = async (policy: Partial<BookingPolicy>) => {
    await t.ctx.booking.policy.update({ ...OPEN_POLICY, ...policy })
  }
  await setPolicy({})
  return { t, people, cookie, types, call, setPolicy, close: () => t.close() }
}
