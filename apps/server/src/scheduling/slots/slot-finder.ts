// Free slots from the database: loads each clinician's rules, exceptions and booked appointments
// for the window and runs the pure engine (slot-engine.ts). Booking calls it inside its
// transaction, after locking the clinician's clinician_schedule row, so what it checks is what it
// books (S28).
import type { Kysely, Transaction } from 'kysely'
import type { AppointmentTypeView, FreeSlot } from '@tessera/contracts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/errors.ts'
import { typeView } from '../availability/appointment-types.ts'
import { freeSlots, startBounds, type Slot, type SlotTypeRules } from './slot-engine.ts'

type Db = Kysely<Database> | Transaction<Database>

const MINUTE = 60_000
const DAY = 86_400_000
export const DEFAULT_SLOT_LIMIT = 50

export interface BookableSlot {
  start: Date
  end: Date
  blockedUntil: Date
}

interface Clinician {
  id: string
  name: string
  timeZone: string
}

interface Window {
  from: Date
  to: Date
  excludeAppointmentId?: string | undefined
}

export class SlotFinder {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock }) {}

  /** Free slots soonest first over active types; clinicianId omitted = all clinicians with a schedule. Default window now..now+type horizon, limit default 50. */
  async find(
    q: {
      typeId: string
      clinicianId?: string | undefined
      from?: Date | undefined
      to?: Date | undefined
      limit?: number | undefined
      excludeAppointmentId?: string | undefined
    },
    db: Db = this.deps.db,
  ): Promise<FreeSlot[]> {
    const type = await this.type(q.typeId, db)
    const now = this.deps.clock.now()
    const window: Window = {
      from: q.from ?? now,
      to: q.to ?? new Date(now.getTime() + type.horizonDays * DAY),
      excludeAppointmentId: q.excludeAppointmentId,
    }
    const clinicians = await this.clinicians(db, q.clinicianId)
    const found = await this.compute(db, type, clinicians, window)
    return found
      .sort(
        (a, b) =>
          a.slot.start.getTime() - b.slot.start.getTime() || a.clinician.name.localeCompare(b.clinician.name),
      )
      .slice(0, q.limit ?? DEFAULT_SLOT_LIMIT)
      .map(({ slot, clinician }) => ({
        start: slot.start.toISOString(),
        end: slot.end.toISOString(),
        clinicianId: clinician.id,
        clinicianName: clinician.name,
      }))
  }

  /** The free slot of this type starting exactly at `start` for this clinician, or null (not a slot, taken, too soon, beyond the horizon). */
  async slotAt(
    q: {
      typeId: string
      clinicianId: string
      start: Date
      excludeAppointmentId?: string | undefined
      /** The type when the caller has just read it (saves a query on the booking path). */
      type?: AppointmentTypeView | undefined
    },
    db: Db = this.deps.db,
  ): Promise<BookableSlot | null> {
    const type = q.type?.id === q.typeId ? q.type : await this.type(q.typeId, db)
    const clinicians = await this.clinicians(db, q.clinicianId)
    const window = {
      from: q.start,
      to: new Date(q.start.getTime() + 1),
      excludeAppointmentId: q.excludeAppointmentId,
    }
    const found = await this.compute(db, type, clinicians, window)
    const hit = found.find((f) => f.slot.start.getTime() === q.start.getTime())
    return hit ? { ...hit.slot } : null
  }

  /** The appointment type row, or throws AppError('invalid', ..., [{path:'/typeId', ...}]) when unknown or inactive. */
  async type(typeId: string, db: Db = this.deps.db): Promise<AppointmentTypeView> {
    const row = await db
      .selectFrom('appointment_type')
      .selectAll()
      .where('id', '=', typeId)
      .where('active', '=', true)
      .executeTakeFirst()
    if (!row) {
      throw new AppError('invalid', 'That appointment type is not offered.', [
        { path: '/typeId', message: 'unknown or inactive appointment type' },
      ])
    }
    return typeView(row)
  }

  private async clinicians(db: Db, clinicianId: string | undefined): Promise<Clinician[]> {
    let query = db
      .selectFrom('clinician_schedule as s')
      .innerJoin('account as a', 'a.id', 's.clinician_id')
      .select(['a.id', 'a.display_name', 's.time_zone'])
      .where('a.role', '=', 'clinician')
      .where('a.disabled_at', 'is', null)
    if (clinicianId !== undefined) query = query.where('s.clinician_id', '=', clinicianId)
    const rows = await query.execute()
    return rows.map((r) => ({ id: r.id, name: r.display_name, timeZone: r.time_zone }))
  }

  /** Every clinician's free slots in the window (three queries, whatever the number of clinicians). */
  private async compute(
    db: Db,
    type: SlotTypeRules,
    clinicians: readonly Clinician[],
    window: Window,
  ): Promise<Array<{ slot: Slot; clinician: Clinician }>> {
    const now = this.deps.clock.now()
    const bounds = startBounds({ type, now, from: window.from, to: window.to })
    if (clinicians.length === 0 || bounds.start >= bounds.end) return []
    // A slot starting before bounds.end may run on for its length and buffer.
    const lower = new Date(bounds.start)
    const upper = new Date(bounds.end + (type.durationMinutes + type.bufferMinutes) * MINUTE)
    const ids = clinicians.map((c) => c.id)
    const rules = await db
      .selectFrom('availability_rule')
      .select(['clinician_id', 'weekday', 'start_time', 'end_time'])
      .where('clinician_id', 'in', ids)
      .execute()
    const exceptions = await db
      .selectFrom('availability_exception')
      .select(['clinician_id', 'kind', 'starts_at', 'ends_at'])
      .where('clinician_id', 'in', ids)
      .where('ends_at', '>', lower)
      .where('starts_at', '<', upper)
      .execute()
    let busyQuery = db
      .selectFrom('appointment')
      .select(['clinician_id', 'starts_at', 'blocked_until'])
      .where('clinician_id', 'in', ids)
      .where('status', '=', 'booked')
      .where('blocked_until', '>', lower)
      .where('starts_at', '<', upper)
    if (window.excludeAppointmentId) busyQuery = busyQuery.where('id', '!=', window.excludeAppointmentId)
    const busy = await busyQuery.execute()
    return clinicians.flatMap((clinician) =>
      freeSlots({
        timeZone: clinician.timeZone,
        rules: rules
          .filter((r) => r.clinician_id === clinician.id)
          .map((r) => ({ weekday: r.weekday, start: r.start_time, end: r.end_time })),
        exceptions: exceptions
          .filter((e) => e.clinician_id === clinician.id)
          .map((e) => ({ kind: e.kind, start: e.starts_at, end: e.ends_at })),
        busy: busy
          .filter((b) => b.clinician_id === clinician.id)
          .map((b) => ({ start: b.starts_at, end: b.blocked_until })),
        type,
        now,
        from: window.from,
        to: window.to,
      }).map((slot) => ({ slot, clinician })),
    )
  }
}
