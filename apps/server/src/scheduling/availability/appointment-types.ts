// The clinic's appointment types (duration, buffer, video or phone, new or existing patients,
// minimum notice, booking horizon). Admins create and change them; a type is retired by making it
// inactive (appointments keep pointing at it), never deleted.
import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable, Transaction } from 'kysely'
import type { AppointmentTypeBody, AppointmentTypeView } from '@tessera/contracts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/errors.ts'
import type { AppointmentTypeTable } from '../scheduling-tables.ts'

type Db = Kysely<Database> | Transaction<Database>

export function typeView(row: Selectable<AppointmentTypeTable>): AppointmentTypeView {
  return {
    id: row.id,
    name: row.name,
    durationMinutes: row.duration_minutes,
    bufferMinutes: row.buffer_minutes,
    mode: row.mode,
    audience: row.audience,
    minNoticeMinutes: row.min_notice_minutes,
    horizonDays: row.horizon_days,
    active: row.active,
  }
}

function columns(body: AppointmentTypeBody) {
  return {
    name: body.name.trim(),
    duration_minutes: body.durationMinutes,
    buffer_minutes: body.bufferMinutes,
    mode: body.mode,
    audience: body.audience,
    min_notice_minutes: body.minNoticeMinutes,
    horizon_days: body.horizonDays,
    active: body.active,
  }
}

function checkName(body: AppointmentTypeBody): void {
  if (!body.name.trim()) {
    throw new AppError('invalid', 'Give the appointment type a name.', [
      { path: 'body/name', message: 'blank' },
    ])
  }
}

export class AppointmentTypes {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock }) {}

  /** Every type by name; `activeOnly` for patients (retired types are not offered). */
  async list(activeOnly: boolean, db: Db = this.deps.db): Promise<AppointmentTypeView[]> {
    let query = db.selectFrom('appointment_type').selectAll().orderBy('name').orderBy('id')
    if (activeOnly) query = query.where('active', '=', true)
    return (await query.execute()).map(typeView)
  }

  async create(body: AppointmentTypeBody): Promise<AppointmentTypeView> {
    checkName(body)
    const now = this.deps.clock.now()
    const row = await this.deps.db
      .insertInto('appointment_type')
      .values({ id: randomUUID(), ...columns(body), created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow()
    return typeView(row)
  }

  /** Replaces the type's settings; booked appointments keep the times and blocks they were booked with. */
  async update(typeId: string, body: AppointmentTypeBody): Promise<AppointmentTypeView> {
    checkName(body)
    const row = await this.deps.db
      .updateTable('appointment_type')
      .set({ ...columns(body), updated_at: this.deps.clock.now() })
      .where('id', '=', typeId)
      .returningAll()
      .executeTakeFirst()
    if (!row) throw new AppError('not-found', 'No such appointment type.')
    return typeView(row)
  }
}
