// The clinic P7 needs, made inside the Tessera child (lib/signalling-server.ts) through the same
// helpers and routes the consultation tests use: per relay pair one clinician (weekday schedule) and
// one patient who accepted the privacy notice and telehealth consent, an appointment booked through
// `POST /api/appointments` for Monday 2 March 2026 10:00 UTC, the patient checked in and admitted,
// and a registered device key each. The fake clock stays at 09:50, inside every join window. For the
// idle sockets: clinicians without appointments and one full session per socket (mintSession: the
// sign-in flow is not what P7 measures).
import { giveConsents, newKeyPair } from '../../apps/server/src/consult/consult-test-kit.ts'
import {
  addType,
  addWeekdaySchedule,
  OPEN_POLICY,
} from '../../apps/server/src/scheduling/booking/booking-test-kit.ts'
import {
  createAccount,
  mintSession,
  someAddress,
  type TestAccount,
} from '../../apps/server/src/testing/accounts.ts'
import type { TestApp } from '../../apps/server/src/testing/test-app.ts'

export interface SignallingPartySetup {
  cookie: string
  deviceId: string
}

export interface SignallingPairSetup {
  appointmentId: string
  host: SignallingPartySetup
  patient: SignallingPartySetup
}

export interface SignallingClinic {
  pairs: SignallingPairSetup[]
  /** One full session (Cookie header value) per idle socket, spread over a few clinicians. */
  idleCookies: string[]
}

const START = '2026-03-02T10:00:00.000Z'
/** Idle lobby sockets are spread over at most this many clinician accounts. */
const IDLE_ACCOUNTS = 100

async function call(
  t: TestApp,
  cookie: string,
  method: 'POST',
  url: string,
  payload?: object,
): Promise<Record<string, unknown>> {
  const res = await t.app.inject({
    method,
    url,
    remoteAddress: someAddress(),
    headers: { ...t.browserHeaders, cookie },
    ...(payload ? { payload } : {}),
  })
  if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`)
  return res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {}
}

async function registerDevice(t: TestApp, cookie: string): Promise<string> {
  const key = Buffer.from(newKeyPair().raw).toString('base64')
  const device = await call(t, cookie, 'POST', '/api/consult/devices', { publicKey: key, label: 'Bench' })
  return String(device['id'])
}

export async function setUpSignallingClinic(
  t: TestApp,
  pairCount: number,
  idleSockets: number,
): Promise<SignallingClinic> {
  t.clock.set('2026-03-02T09:50:00Z')
  const admin = await createAccount(t, { role: 'admin' })
  const typeId = await addType(t, 'Video consultation', 30)
  await t.ctx.booking.policy.update(OPEN_POLICY)
  const people: Array<{ clinician: TestAccount; patient: TestAccount; patientCookie: string }> = []
  for (let i = 0; i < pairCount; i++) {
    const clinician = await createAccount(t, { role: 'clinician', totp: false })
    await addWeekdaySchedule(t, clinician.id)
    const patient = await createAccount(t, { role: 'patient', totp: false })
    people.push({ clinician, patient, patientCookie: await mintSession(t, patient) })
  }
  if (pairCount > 0)
    await giveConsents(
      t,
      admin,
      people.map((p) => [p.patient, p.patientCookie]),
    )
  const pairs: SignallingPairSetup[] = []
  for (const p of people) {
    const hostCookie = await mintSession(t, p.clinician)
    const booked = await call(t, p.patientCookie, 'POST', '/api/appointments', {
      typeId,
      clinicianId: p.clinician.id,
      start: START,
    })
    const appointmentId = String(booked['id'])
    await call(t, p.patientCookie, 'POST', `/api/consult/${appointmentId}/check-in`)
    await call(t, hostCookie, 'POST', `/api/consult/${appointmentId}/admit`)
    pairs.push({
      appointmentId,
      host: { cookie: hostCookie, deviceId: await registerDevice(t, hostCookie) },
      patient: { cookie: p.patientCookie, deviceId: await registerDevice(t, p.patientCookie) },
    })
  }
  const idleAccounts: TestAccount[] = []
  for (let i = 0; i < Math.min(idleSockets, IDLE_ACCOUNTS); i++)
    idleAccounts.push(await createAccount(t, { role: 'clinician', totp: false }))
  const idleCookies: string[] = []
  // Sessions in small parallel batches (the PostgreSQL pool takes several at once; PGlite queues them).
  for (let i = 0; i < idleSockets; i += 16) {
    const batch = Array.from({ length: Math.min(16, idleSockets - i) }, (_, j) =>
      mintSession(t, idleAccounts[(i + j) % idleAccounts.length]!),
    )
    idleCookies.push(...(await Promise.all(batch)))
  }
  return { pairs, idleCookies }
}
