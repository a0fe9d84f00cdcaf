// The clinic's booking policy: how close to the start patients may still change an appointment
// online, and what must be done before booking and before joining the call (issue 7's readiness
// gates). One clinic setting row (`clinic_setting` key `booking`), changed by the admin.
import type { Kysely, Transaction } from 'kysely'
import type { BookingPolicy, ReadinessGate } from '@tessera/contracts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'

export const BOOKING_SETTING_KEY = 'booking'

export const DEFAULT_BOOKING_POLICY: Readonly<BookingPolicy> = Object.freeze({
  patientChangeCutoffHours: 24,
  // Telehealth consent is required before the first consultation (issue 7): before booking by
  // default, and always before joining.
  requireBeforeBooking: { consent: true, intake: false, documents: false },
  requireBeforeJoining: { consent: true, intake: false, documents: false },
})

type Db = Kysely<Database> | Transaction<Database>

function gate(value: unknown, fallback: ReadinessGate): ReadinessGate {
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  const flag = (key: keyof ReadinessGate) => (typeof v[key] === 'boolean' ? v[key] : fallback[key])
  return { consent: flag('consent'), intake: flag('intake'), documents: flag('documents') }
}

export class BookingPolicyStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async get(db: Db = this.db): Promise<BookingPolicy> {
    const row = await db
      .selectFrom('clinic_setting')
      .select('value')
      .where('key', '=', BOOKING_SETTING_KEY)
      .executeTakeFirst()
    const stored =
      typeof row?.value === 'object' && row.value !== null ? (row.value as Record<string, unknown>) : {}
    const cutoff = stored['patientChangeCutoffHours']
    const joining = gate(stored['requireBeforeJoining'], DEFAULT_BOOKING_POLICY.requireBeforeJoining)
    return {
      patientChangeCutoffHours:
        typeof cutoff === 'number' && Number.isInteger(cutoff) && cutoff >= 0
          ? cutoff
          : DEFAULT_BOOKING_POLICY.patientChangeCutoffHours,
      requireBeforeBooking: gate(stored['requireBeforeBooking'], DEFAULT_BOOKING_POLICY.requireBeforeBooking),
      // Telehealth consent before a call is the law of the product, not a setting (issue 7).
      requireBeforeJoining: { ...joining, consent: true },
    }
  }

  async update(policy: BookingPolicy): Promise<BookingPolicy> {
    const value = JSON.stringify(policy)
    const now = this.clock.now()
    await this.db
      .insertInto('clinic_setting')
      .values({ key: BOOKING_SETTING_KEY, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute()
    return this.get()
  }
}
