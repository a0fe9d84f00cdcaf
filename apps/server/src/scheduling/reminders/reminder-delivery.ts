// The reminder job: when a reminder is due it re-reads the appointment (cancelled or moved: nothing
// is sent), renders the clinic's template and hands it to the mail or SMS transport directly, so the
// reminder row records the real outcome: 'sent', or attempts and an error without personal data and
// a retry with backoff, and after the last attempt 'failed', which reception sees (S24).
import type { Kysely } from 'kysely'
import type { Patient } from '@medplum/fhirtypes'
import type { ReminderStatus } from '@tessera/contracts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'
import { PermanentJobError, type JobHandler } from '../../platform/jobs/job-runner.ts'
import type { JobRow } from '../../platform/jobs/job-table.ts'
import type { DeliveryResult, MailTransport } from '../../platform/mail/mailer.ts'
import { normaliseMobile, type SmsResult, type SmsTransport } from '../../platform/sms/sms-transport.ts'
import { REMINDER_QUEUE, type ReminderJobPayload } from './reminder-service.ts'
import type { ReminderSettingsStore } from './reminder-settings.ts'
import { renderEmailReminder, renderSmsReminder, type ReminderValues } from './reminder-template.ts'

/** FHIR extension for a person's time zone (an IANA code), as the R5 extensions pack defines it. */
export const TIME_ZONE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/tz-code'

export interface ReminderDeliveryDeps {
  db: Kysely<Database>
  clock: Clock
  settings: ReminderSettingsStore
  mail: MailTransport
  sms: SmsTransport | null
  clinicTimeZone: string
  publicUrl: () => string
}

interface Recipient {
  email: string | null
  mobile: string | null
  timeZone: string | null
}

function validZone(zone: unknown): string | null {
  if (typeof zone !== 'string' || zone === '') return null
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone })
    return zone
  } catch {
    return null
  }
}

/** The patient's mobile (telecom sms, or phone with use mobile) and time zone, from their Patient. */
export function contactOf(patient: Patient | undefined): { mobile: string | null; timeZone: string | null } {
  const telecom = [...(patient?.telecom ?? [])].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9))
  const mobiles = telecom.filter((t) => t.system === 'sms' || (t.system === 'phone' && t.use === 'mobile'))
  const mobile = mobiles.map((t) => (t.value ? normaliseMobile(t.value) : null)).find((m) => m !== null)
  const zone = patient?.extension?.find((e) => e.url === TIME_ZONE_EXTENSION)?.valueCode
  return { mobile: mobile ?? null, timeZone: validZone(zone) }
}

/** Error text from whatever a step threw: its name only, which carries no data (job-runner.ts). */
function describe(err: unknown): string {
  return err instanceof Error ? `internal error (${err.name})` : 'internal error'
}

export class ReminderDelivery {
  constructor(private readonly deps: ReminderDeliveryDeps) {}

  handler(): JobHandler {
    return {
      queue: REMINDER_QUEUE,
      // 1, 2, 4, 8 minutes: close to the due time, since a late reminder is worth less.
      backoffMs: (attempt) => Math.min(60_000 * 2 ** Math.max(attempt - 1, 0), 30 * 60_000),
      run: async (payload, job) => {
        const ref: ReminderJobPayload = {
          reminderId: String(payload['reminderId']),
          dueAt: String(payload['dueAt']),
        }
        try {
          await this.deliver(ref, job)
        } catch (err) {
          if (err instanceof DeliveryFailure) throw err.toJobError()
          // Anything unexpected counts as a failed attempt on the row too, so that a reminder whose
          // job gave up never stays 'scheduled' out of reception's sight.
          const failure = new DeliveryFailure({ error: describe(err), retryable: true }, job)
          await this.recordFailure(ref, failure)
          throw failure.toJobError()
        }
      },
    }
  }

  private async deliver(ref: ReminderJobPayload, job: JobRow): Promise<void> {
    const { db, clock } = this.deps
    const { reminderId, dueAt } = ref
    const row = await db
      .selectFrom('appointment_reminder as r')
      .innerJoin('appointment as a', 'a.id', 'r.appointment_id')
      .select(['r.id', 'r.channel', 'r.offset_minutes', 'r.due_at', 'r.status'])
      .select(['a.patient_id', 'a.starts_at', 'a.status as appointment_status'])
      .where('r.id', '=', reminderId)
      .executeTakeFirst()
    // A job superseded by a reschedule or a cancellation in the same transaction as its replacement.
    if (!row || row.status !== 'scheduled' || row.due_at.toISOString() !== dueAt) return

    if (row.appointment_status !== 'booked') {
      const status = row.appointment_status === 'cancelled' ? 'cancelled' : 'skipped'
      return this.finish(ref, status, 'appointment no longer booked', job)
    }
    if (row.starts_at.getTime() - row.offset_minutes * 60_000 !== row.due_at.getTime()) {
      return this.finish(ref, 'skipped', 'appointment moved', job)
    }
    if (clock.now().getTime() >= row.starts_at.getTime()) {
      return this.finish(ref, 'skipped', 'appointment already started', job)
    }

    const recipient = await this.recipient(row.patient_id)
    const settings = await this.deps.settings.get()
    const values: ReminderValues = {
      at: row.starts_at,
      timeZone: recipient.timeZone ?? this.deps.clinicTimeZone,
      link: `${this.deps.publicUrl()}/sign-in`,
    }
    let result: DeliveryResult | SmsResult
    if (row.channel === 'email') {
      if (!recipient.email) return this.finish(ref, 'skipped', 'account disabled', job)
      const mail = renderEmailReminder(settings, values)
      result = await this.deps.mail.send({ to: recipient.email, category: 'reminder', ...mail })
    } else {
      if (!this.deps.sms || !settings.smsEnabled)
        return this.finish(ref, 'skipped', 'SMS reminders are off', job)
      if (!recipient.mobile) return this.finish(ref, 'skipped', 'no mobile number on file', job)
      result = await this.deps.sms.send(recipient.mobile, renderSmsReminder(settings, values))
    }
    if (result.ok) return this.finish(ref, 'sent', null, job)
    const failure = new DeliveryFailure(result, job)
    await this.recordFailure(ref, failure)
    throw failure
  }

  private async recipient(patientId: string): Promise<Recipient> {
    const [account, resource] = await Promise.all([
      this.deps.db
        .selectFrom('account')
        .select(['email', 'disabled_at'])
        .where('id', '=', patientId)
        .executeTakeFirst(),
      this.deps.db
        .selectFrom('fhir_resource')
        .select('content')
        .where('resource_type', '=', 'Patient')
        .where('id', '=', patientId)
        .where('deleted', '=', false)
        .executeTakeFirst(),
    ])
    const contact = contactOf(resource?.content as Patient | undefined)
    return { email: account && !account.disabled_at ? account.email : null, ...contact }
  }

  /**
   * Writes an outcome, only over the reminder this job was for: still scheduled, at the same due time
   * (a reschedule committed while the job was sending has made it another reminder).
   */
  private async finish(
    ref: ReminderJobPayload,
    status: ReminderStatus,
    error: string | null,
    job: JobRow,
  ): Promise<void> {
    const now = this.deps.clock.now()
    await this.deps.db
      .updateTable('appointment_reminder')
      .set({
        status,
        attempts: job.attempts,
        last_error: error,
        updated_at: now,
        ...(status === 'sent' ? { sent_at: now } : {}),
      })
      .where('id', '=', ref.reminderId)
      .where('due_at', '=', new Date(ref.dueAt))
      .where('status', '=', 'scheduled')
      .execute()
  }

  private async recordFailure(ref: ReminderJobPayload, failure: DeliveryFailure): Promise<void> {
    await this.deps.db
      .updateTable('appointment_reminder')
      .set({
        status: failure.last ? 'failed' : 'scheduled',
        attempts: failure.attempt,
        last_error: failure.error.slice(0, 200),
        updated_at: this.deps.clock.now(),
      })
      .where('id', '=', ref.reminderId)
      .where('due_at', '=', new Date(ref.dueAt))
      .where('status', '=', 'scheduled')
      .execute()
  }
}

/** One failed attempt; the last when the transport says retrying cannot help or attempts are used up. */
class DeliveryFailure extends Error {
  override readonly name = 'DeliveryFailure'
  readonly error: string
  readonly attempt: number
  readonly last: boolean

  constructor(result: { error: string; retryable: boolean }, job: JobRow) {
    super(result.error)
    this.error = result.error
    this.attempt = job.attempts
    this.last = !result.retryable || job.attempts >= job.max_attempts
  }

  toJobError(): Error {
    return this.last ? new PermanentJobError(this.error) : new Error(this.error)
  }
}
