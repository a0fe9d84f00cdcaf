// A bookable clinic for P8, written through the app's own services into the schema a launched Tessera
// serves (lib/launcher.ts writes the clinician and the patients, accounts + FHIR Patients, first):
// a 30-minute video type for anyone with no minimum notice, the fixture clinician's weekly rules
// Monday-Friday 09:00-17:00 in Europe/London (clinician_schedule row and FHIR Schedule made by
// AvailabilityService, as the availability page does), the booking policy without readiness gates
// before booking, and a full session (password + TOTP done) per patient.
import { randomUUID } from 'node:crypto'
import type { Actor } from '../../apps/server/src/access/actor.ts'
import type { BenchContext } from './bench-context.ts'
import { fullSessionCookie } from './bench-context.ts'
import type { BenchFixture } from './fixture.ts'

export const CLINIC_TIME_ZONE = 'Europe/London'

export interface BookingClinic {
  typeId: string
  clinicianId: string
  /** One Cookie header per fixture patient, in fixture order. */
  patientCookies: string[]
}

export async function setUpBookingClinic(bench: BenchContext, fixture: BenchFixture): Promise<BookingClinic> {
  const { ctx } = bench
  const clinicianId = fixture.clinician.id
  const now = ctx.clock.now()
  const clinician: Actor = {
    accountId: clinicianId,
    role: 'clinician',
    prescriber: false,
    specialist: false,
    sessionId: randomUUID(),
    level: 'full',
    methods: ['password', 'totp'],
    mfaAt: now,
  }
  const type = await ctx.availability.types.create({
    name: 'Bench consultation',
    durationMinutes: 30,
    bufferMinutes: 0,
    mode: 'video',
    audience: 'any',
    minNoticeMinutes: 0,
    // Room for a round per weekday however many pairs are asked for.
    horizonDays: 365,
    active: true,
  })
  await ctx.availability.clinicians.replaceWeekly(clinician, clinicianId, {
    timeZone: CLINIC_TIME_ZONE,
    rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
  })
  await ctx.booking.policy.update({
    patientChangeCutoffHours: 24,
    requireBeforeBooking: { consent: false, intake: false, documents: false },
    requireBeforeJoining: { consent: true, intake: false, documents: false },
  })
  const patientCookies: string[] = []
  for (const id of fixture.patientIds) patientCookies.push(await fullSessionCookie(ctx, id))
  return { typeId: type.id, clinicianId, patientCookies }
}

/** Monday-Friday dates (UTC `YYYY-MM-DD`), from the day after tomorrow on: one per round. */
export function weekdaysAhead(now: Date, count: number): string[] {
  const days: string[] = []
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2))
  while (days.length < count) {
    const weekday = d.getUTCDay()
    if (weekday !== 0 && weekday !== 6) days.push(d.toISOString().slice(0, 10))
    d.setUTCDate(d.getUTCDate() + 1)
  }
  return days
}
