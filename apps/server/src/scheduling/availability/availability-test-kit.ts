// Shared by the availability and slot tests: a small clinic (admin, reception, two clinicians, a
// patient, a pharmacist), each signed in, and calls as them.
import type { AppointmentTypeBody, AppointmentTypeView, ClinicianAvailability } from '@tessera/contracts'
import { createAccount, signIn, someAddress, type TestAccount } from '../../testing/accounts.ts'
import { createTestApp, type TestApp } from '../../testing/test-app.ts'

const PEOPLE = ['admin', 'reception', 'doctor', 'colleague', 'patient', 'pharmacist'] as const
export type Person = (typeof PEOPLE)[number]

export interface Reply {
  status: number
  body: string
  json<T = Record<string, unknown>>(): T
}

export interface AvailabilityTest {
  t: TestApp
  people: Record<Person, TestAccount>
  call(who: Person, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object): Promise<Reply>
  /** Creates a type as the admin (30 min, no buffer, no notice, 60 days, unless overridden). */
  makeType(over?: Partial<AppointmentTypeBody>): Promise<AppointmentTypeView>
  /** Signs everyone in again (after the test moved the clock past the sessions' idle limit). */
  signInAll(): Promise<void>
  /** Sets a clinician's week as the admin. */
  setWeek(
    who: Person,
    timeZone: string,
    rules: ClinicianAvailability['rules'],
  ): Promise<ClinicianAvailability>
}

export async function availabilityTest(): Promise<AvailabilityTest> {
  const t = await createTestApp()
  const roleOf = (p: Person) => (p === 'doctor' || p === 'colleague' ? 'clinician' : p)
  const people = {} as Record<Person, TestAccount>
  for (const p of PEOPLE) people[p] = await createAccount(t, { role: roleOf(p), displayName: `${p} tester` })
  const cookie = {} as Record<Person, string>
  const signInAll = async () => {
    for (const p of PEOPLE) cookie[p] = await signIn(t, people[p])
  }
  await signInAll()

  const call: AvailabilityTest['call'] = async (who, method, url, payload) => {
    const res = await t.app.inject({
      method,
      url,
      remoteAddress: someAddress(),
      headers: { ...t.browserHeaders, cookie: cookie[who] },
      ...(payload ? { payload } : {}),
    })
    return { status: res.statusCode, body: res.body, json: <T>() => res.json<T>() }
  }

  return {
    t,
    people,
    call,
    signInAll,
    async makeType(over = {}) {
      const res = await call('admin', 'POST', '/api/admin/appointment-types', {
        name: 'Consultation',
        durationMinutes: 30,
        bufferMinutes: 0,
        mode: 'video',
        audience: 'any',
        minNoticeMinutes: 0,
        horizonDays: 60,
        active: true,
        ...over,
      })
      if (res.status !== 201) throw new Error(`type: ${res.status} ${res.body}`)
      return res.json<AppointmentTypeView>()
    },
    async setWeek(who, timeZone, rules) {
      const res = await call('admin', 'PUT', `/api/scheduling/clinicians/${people[who].id}/availability`, {
        timeZone,
        rules,
      })
      if (res.status !== 200) throw new Error(`week: ${res.status} ${res.body}`)
      return res.json<ClinicianAvailability>()
    },
  }
}
