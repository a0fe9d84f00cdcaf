// The demo clinic's scheduling (`tessera seed-demo`): three appointment types and Dr Okafor's
// weekly hours in London. Idempotent: types are matched by name, and a clinician who already has
// a schedule keeps it.
import type { AppointmentTypeBody } from '@tessera/contracts'
import type { Actor } from '../../access/actor.ts'
import type { AvailabilityModule } from './availability-module.ts'
import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/schema.ts'

export const DEMO_APPOINTMENT_TYPES: readonly AppointmentTypeBody[] = [
  {
    name: 'Initial consultation',
    durationMinutes: 30,
    bufferMinutes: 10,
    mode: 'video',
    audience: 'new',
    minNoticeMinutes: 120,
    horizonDays: 60,
    active: true,
  },
  {
    name: 'Follow-up',
    durationMinutes: 15,
    bufferMinutes: 5,
    mode: 'video',
    audience: 'existing',
    minNoticeMinutes: 60,
    horizonDays: 60,
    active: true,
  },
  {
    name: 'Telephone review',
    durationMinutes: 15,
    bufferMinutes: 5,
    mode: 'phone',
    audience: 'any',
    minNoticeMinutes: 60,
    horizonDays: 60,
    active: true,
  },
]

/** Who takes appointments in the demo, by email, and their week in their own time zone. */
export const DEMO_AVAILABILITY = {
  email: 'dr.okafor@clinic.example',
  timeZone: 'Europe/London',
  rules: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, start: '09:00', end: '12:30' },
    { weekday, start: '13:30', end: '17:00' },
  ]),
}

/** The admin setting things up, as the seed has no session: the services need only id and role. */
function seedAdmin(accountId: string): Actor {
  return {
    accountId,
    role: 'admin',
    prescriber: false,
    specialist: false,
    sessionId: 'seed-demo',
    level: 'full',
    methods: [],
    mfaAt: null,
  }
}

export async function seedSchedulingDemo(
  deps: { db: Kysely<Database>; availability: AvailabilityModule },
  adminId: string,
): Promise<void> {
  const existing = new Set((await deps.availability.types.list(false)).map((t) => t.name))
  for (const type of DEMO_APPOINTMENT_TYPES) {
    if (!existing.has(type.name)) await deps.availability.types.create(type)
  }
  const clinician = await deps.db
    .selectFrom('account')
    .leftJoin('clinician_schedule as s', 's.clinician_id', 'account.id')
    .select(['account.id', 's.clinician_id as scheduled'])
    .where('account.email', '=', DEMO_AVAILABILITY.email)
    .executeTakeFirst()
  if (!clinician || clinician.scheduled) return
  await deps.availability.clinicians.replaceWeekly(seedAdmin(adminId), clinician.id, {
    timeZone: DEMO_AVAILABILITY.timeZone,
    rules: DEMO_AVAILABILITY.rules,
  })
}
