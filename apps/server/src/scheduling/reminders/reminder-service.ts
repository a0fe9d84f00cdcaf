// Appointment reminders: one `appointment_reminder` row per channel x offset, each with a job on the
// durable queue that runs at its due time (reminder-delivery.ts). Booking, rescheduling and
// cancelling call in with their transaction, so a reminder and its job commit with the change or not
// at all; a row keeps the delivery outcome, and failures stay listed for reception (S24).
import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { ReminderChannel, ReminderFailure } from '@tessera/contracts'
import type { Actor } from '../../access/actor.ts'
import type { AccessPolicy } from '../../access/access-policy.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'
import type { JobQueue } from '../../platform/jobs/job-queue.ts'
import { AppError } from '../../platform/errors.ts'
import type { ReminderSettingsStore } from './reminder-settings.ts'

export const REMINDER_QUEUE = 'appointment-reminder'
export const REMINDER_MAX_ATTEMPTS = 5

type Db = Kysely<Database> | Transaction<Database>

/** What scheduling needs of an appointment; the lead's booking rows carry these. */
export interface ReminderAppointment {
  id: string
  startsAt: Date
  patientId: string
}

/** The job payload: references only (job-table.ts). `dueAt` tells a stale job from a current one. */
export interface ReminderJobPayload {
  reminderId: string
  dueAt: string
}

/** One job per reminder and due time: moving a reminder cancels the old job and queues a new one. */
export function reminderJobKey(reminderId: string, dueAt: Date): string {
  return `reminder:${reminderId}:${dueAt.getTime()}`
}

export interface ReminderServiceDeps {
  db: Kysely<Database>
  clock: Clock
  jobs: JobQueue
  access: AccessPolicy
  settings: ReminderSettingsStore
  /** Whether an SMS transport is configured (TESSERA_SMS_TRANSPORT is not 'none'). */
  smsAvailable: boolean
}

export class ReminderService {
  constructor(private readonly deps: ReminderServiceDeps) {}

  get settings(): ReminderSettingsStore {
    return this.deps.settings
  }

  /** Channels reminders go out on now: email always, SMS when enabled and a transport exists. */
  async channels(db: Db = this.deps.db): Promise<{ channels: ReminderChannel[]; offsets: number[] }> {
    const settings = await this.deps.settings.get(db)
    const channels: ReminderChannel[] = ['email']
    if (settings.smsEnabled && this.deps.smsAvailable) channels.push('sms')
    return { channels, offsets: settings.offsetsMinutes }
  }

  /** A new booking: a reminder for each channel x offset whose due time is still ahead. */
  async scheduleFor(tx: Transaction<Database>, appt: ReminderAppointment): Promise<void> {
    await this.sync(tx, appt)
  }

  /**
   * A moved appointment: due times follow the new start, sent or failed reminders go out again for
   * it, and reminders now in the past are cancelled. Old jobs are cancelled in the same transaction.
   */
  async rescheduleFor(tx: Transaction<Database>, appt: ReminderAppointment): Promise<void> {
    await this.sync(tx, appt)
  }

  /** A cancelled appointment: nothing more is sent for it. */
  async cancelFor(tx: Transaction<Database>, appointmentId: string): Promise<void> {
    const now = this.deps.clock.now()
    const rows = await tx
      .selectFrom('appointment_reminder')
      .select(['id', 'due_at'])
      .where('appointment_id', '=', appointmentId)
      .where('status', '=', 'scheduled')
      .execute()
    for (const row of rows) {
      await this.deps.jobs.cancel(REMINDER_QUEUE, reminderJobKey(row.id, row.due_at), tx)
    }
    if (rows.length === 0) return
    await tx
      .updateTable('appointment_reminder')
      .set({ status: 'cancelled', updated_at: now })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute()
  }

  private async sync(tx: Transaction<Database>, appt: ReminderAppointment): Promise<void> {
    const now = this.deps.clock.now()
    const { channels, offsets } = await this.channels(tx)
    const existing = await tx
      .selectFrom('appointment_reminder')
      .selectAll()
      .where('appointment_id', '=', appt.id)
      .execute()
    const wanted = new Set<string>()
    for (const channel of channels) {
      for (const offset of offsets) {
        const dueAt = new Date(appt.startsAt.getTime() - offset * 60_000)
        if (dueAt.getTime() <= now.getTime()) continue
        wanted.add(`${channel}:${offset}`)
        const row = existing.find((r) => r.channel === channel && r.offset_minutes === offset)
        let id: string
        if (row) {
          if (row.status === 'scheduled' && row.due_at.getTime() === dueAt.getTime()) continue
          if (row.status === 'scheduled') {
            await this.deps.jobs.cancel(REMINDER_QUEUE, reminderJobKey(row.id, row.due_at), tx)
          }
          id = row.id
          await tx
            .updateTable('appointment_reminder')
            .set({
              due_at: dueAt,
              status: 'scheduled',
              attempts: 0,
              last_error: null,
              sent_at: null,
              acknowledged_by: null,
              acknowledged_at: null,
              updated_at: now,
            })
            .where('id', '=', id)
            .execute()
        } else {
          id = randomUUID()
          await tx
            .insertInto('appointment_reminder')
            .values({
              id,
              appointment_id: appt.id,
              channel,
              offset_minutes: offset,
              due_at: dueAt,
              status: 'scheduled',
              created_at: now,
              updated_at: now,
            })
            .execute()
        }
        const payload: ReminderJobPayload = { reminderId: id, dueAt: dueAt.toISOString() }
        await this.deps.jobs.enqueue(
          REMINDER_QUEUE,
          { ...payload },
          { runAt: dueAt, dedupeKey: reminderJobKey(id, dueAt), maxAttempts: REMINDER_MAX_ATTEMPTS },
          tx,
        )
      }
    }
    // Reminders no longer wanted (their time has passed for the new start, or the channel is off).
    for (const row of existing) {
      if (row.status !== 'scheduled' || wanted.has(`${row.channel}:${row.offset_minutes}`)) continue
      await this.deps.jobs.cancel(REMINDER_QUEUE, reminderJobKey(row.id, row.due_at), tx)
      await tx
        .updateTable('appointment_reminder')
        .set({ status: 'cancelled', updated_at: now })
        .where('id', '=', row.id)
        .execute()
    }
  }

  /** Failed reminders nobody has acknowledged, for appointments still booked, soonest first. */
  async failures(actor: Actor): Promise<ReminderFailure[]> {
    const rows = await this.deps.db
      .selectFrom('appointment_reminder as r')
      .innerJoin('appointment as a', 'a.id', 'r.appointment_id')
      .innerJoin('account as p', 'p.id', 'a.patient_id')
      .select([
        'r.id',
        'r.appointment_id',
        'a.patient_id',
        'p.display_name',
        'a.starts_at',
        'r.channel',
        'r.attempts',
        'r.last_error',
        'r.updated_at',
      ])
      .where('r.status', '=', 'failed')
      .where('r.acknowledged_at', 'is', null)
      .where('a.status', '=', 'booked')
      .where((eb) => this.deps.access.patientFilter(eb, 'a.patient_id', actor, 'demographics'))
      .orderBy('a.starts_at')
      .orderBy('r.id')
      .limit(500)
      .execute()
    return rows.map((r) => ({
      id: r.id,
      appointmentId: r.appointment_id,
      patientId: r.patient_id,
      patientName: r.display_name,
      appointmentStart: r.starts_at.toISOString(),
      channel: r.channel,
      attempts: r.attempts,
      error: r.last_error ?? 'delivery failed',
      failedAt: r.updated_at.toISOString(),
    }))
  }

  /** Reception has followed a failure up; returns the patient for the audit event. */
  async acknowledge(actor: Actor, reminderId: string): Promise<{ patientId: string; appointmentId: string }> {
    const row = await this.deps.db
      .selectFrom('appointment_reminder as r')
      .innerJoin('appointment as a', 'a.id', 'r.appointment_id')
      .select(['r.id', 'r.appointment_id', 'a.patient_id'])
      .where('r.id', '=', reminderId)
      .where('r.status', '=', 'failed')
      .where('r.acknowledged_at', 'is', null)
      .where((eb) => this.deps.access.patientFilter(eb, 'a.patient_id', actor, 'demographics'))
      .executeTakeFirst()
    // Acknowledged by someone else a moment ago counts as not found too: there is nothing left to do.
    const updated = row
      ? await this.deps.db
          .updateTable('appointment_reminder')
          .set({ acknowledged_by: actor.accountId, acknowledged_at: this.deps.clock.now() })
          .where('id', '=', row.id)
          .where('status', '=', 'failed')
          .where('acknowledged_at', 'is', null)
          .executeTakeFirst()
      : undefined
    if (!row || Number(updated?.numUpdatedRows ?? 0) === 0) {
      throw new AppError('not-found', 'No such reminder failure.')
    }
    return { patientId: row.patient_id, appointmentId: row.appointment_id }
  }
}
