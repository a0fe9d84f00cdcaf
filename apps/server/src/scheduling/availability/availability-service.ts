// Clinicians' availability (README.md): the weekly rules in the clinician's own time zone and the
// exceptions (leave, one-off sessions). Every change runs in one transaction holding the
// clinician's schedule lock, so a booking decided under that lock sees all of it or none of it.
import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type {
  AvailabilityExceptionBody,
  BookableClinician,
  ClinicianAvailability,
  WeeklyAvailabilityBody,
} from '@tessera/contracts'
import type { Actor } from '../../access/actor.ts'
import type { FhirService } from '../../fhir/fhir-service.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/errors.ts'
import { checkException, checkWeekly } from './availability-rules.ts'
import { lockSchedule, manageableClinician, type Clinician } from './clinician-schedule.ts'

type Db = Kysely<Database> | Transaction<Database>

export interface AvailabilityDeps {
  db: Kysely<Database>
  clock: Clock
  fhir: FhirService
  /** The zone of a clinician who has not set one (the clinic's). */
  defaultTimeZone: string
}

/** What a change touched, for the audit trail. */
export interface AvailabilityChange {
  availability: ClinicianAvailability
  scheduleId: string
}

export class AvailabilityService {
  constructor(private readonly deps: AvailabilityDeps) {}

  /** Clinicians with a schedule and an active account, by name. */
  async clinicians(db: Db = this.deps.db): Promise<BookableClinician[]> {
    const rows = await db
      .selectFrom('clinician_schedule as s')
      .innerJoin('account as a', 'a.id', 's.clinician_id')
      .select(['a.id', 'a.display_name', 's.time_zone'])
      .where('a.role', '=', 'clinician')
      .where('a.disabled_at', 'is', null)
      .orderBy('a.display_name')
      .orderBy('a.id')
      .execute()
    return rows.map((r) => ({ id: r.id, name: r.display_name, timeZone: r.time_zone }))
  }

  async view(actor: Actor, clinicianId: string): Promise<ClinicianAvailability> {
    const clinician = await manageableClinician(this.deps.db, actor, clinicianId)
    return this.read(this.deps.db, clinician)
  }

  /** Replaces the weekly rules and the time zone at once. */
  async replaceWeekly(
    actor: Actor,
    clinicianId: string,
    body: WeeklyAvailabilityBody,
  ): Promise<AvailabilityChange> {
    checkWeekly(body)
    return this.deps.db.transaction().execute(async (tx) => {
      const clinician = await manageableClinician(tx, actor, clinicianId)
      const schedule = await lockSchedule(this.deps, tx, actor, clinician, body.timeZone)
      await tx.deleteFrom('availability_rule').where('clinician_id', '=', clinician.id).execute()
      if (body.rules.length) {
        await tx
          .insertInto('availability_rule')
          .values(
            body.rules.map((rule) => ({
              id: randomUUID(),
              clinician_id: clinician.id,
              weekday: rule.weekday,
              start_time: rule.start,
              end_time: rule.end,
            })),
          )
          .execute()
      }
      await tx
        .updateTable('clinician_schedule')
        .set({ time_zone: body.timeZone, updated_at: this.deps.clock.now() })
        .where('clinician_id', '=', clinician.id)
        .execute()
      return { availability: await this.read(tx, clinician), scheduleId: schedule.schedule_id }
    })
  }

  async addException(
    actor: Actor,
    clinicianId: string,
    body: AvailabilityExceptionBody,
  ): Promise<AvailabilityChange & { exceptionId: string }> {
    const now = this.deps.clock.now()
    const { start, end } = checkException(body, now)
    return this.deps.db.transaction().execute(async (tx) => {
      const clinician = await manageableClinician(tx, actor, clinicianId)
      const schedule = await lockSchedule(this.deps, tx, actor, clinician, this.deps.defaultTimeZone)
      const id = randomUUID()
      await tx
        .insertInto('availability_exception')
        .values({
          id,
          clinician_id: clinician.id,
          kind: body.kind,
          starts_at: start,
          ends_at: end,
          label: body.label.trim(),
          created_at: now,
        })
        .execute()
      const availability = await this.read(tx, clinician)
      return { availability, scheduleId: schedule.schedule_id, exceptionId: id }
    })
  }

  async removeException(actor: Actor, clinicianId: string, exceptionId: string): Promise<AvailabilityChange> {
    return this.deps.db.transaction().execute(async (tx) => {
      const clinician = await manageableClinician(tx, actor, clinicianId)
      const schedule = await tx
        .selectFrom('clinician_schedule')
        .select('schedule_id')
        .where('clinician_id', '=', clinician.id)
        .forUpdate()
        .executeTakeFirst()
      const removed = schedule
        ? await tx
            .deleteFrom('availability_exception')
            .where('id', '=', exceptionId)
            .where('clinician_id', '=', clinician.id)
            .executeTakeFirst()
        : undefined
      if (!schedule || !removed || removed.numDeletedRows === 0n) {
        throw new AppError('not-found', 'No such exception.')
      }
      return { availability: await this.read(tx, clinician), scheduleId: schedule.schedule_id }
    })
  }

  /** The clinician's zone, rules by weekday and time, and exceptions that end after now. */
  private async read(db: Db, clinician: Clinician): Promise<ClinicianAvailability> {
    const schedule = await db
      .selectFrom('clinician_schedule')
      .select('time_zone')
      .where('clinician_id', '=', clinician.id)
      .executeTakeFirst()
    const rules = await db
      .selectFrom('availability_rule')
      .select(['weekday', 'start_time', 'end_time'])
      .where('clinician_id', '=', clinician.id)
      .orderBy('weekday')
      .orderBy('start_time')
      .execute()
    const exceptions = await db
      .selectFrom('availability_exception')
      .select(['id', 'kind', 'starts_at', 'ends_at', 'label'])
      .where('clinician_id', '=', clinician.id)
      .where('ends_at', '>', this.deps.clock.now())
      .orderBy('starts_at')
      .orderBy('id')
      .execute()
    return {
      clinicianId: clinician.id,
      name: clinician.name,
      timeZone: schedule?.time_zone ?? this.deps.defaultTimeZone,
      rules: rules.map((r) => ({ weekday: r.weekday, start: r.start_time, end: r.end_time })),
      exceptions: exceptions.map((e) => ({
        id: e.id,
        kind: e.kind,
        startsAt: e.starts_at.toISOString(),
        endsAt: e.ends_at.toISOString(),
        label: e.label,
      })),
    }
  }
}
