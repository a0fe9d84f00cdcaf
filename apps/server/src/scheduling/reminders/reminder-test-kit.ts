// Test support: a clinic with a real SMTP server, a patient and a clinician named with canaries, and
// appointments inserted directly (the booking service has its own tests).
import { randomUUID } from 'node:crypto'
import type { ReminderSettings } from '@tessera/contracts'
import { createAccount, type TestAccount } from '../../testing/accounts.ts'
import { createTestApp, type TestApp, type TestAppOptions } from '../../testing/test-app.ts'
import { startSmtp, testSmtpConfig, type Behaviour } from '../../platform/mail/smtp-test-server.ts'
import { createSmtpTransport } from '../../platform/mail/smtp-transport.ts'
import type { MailTransport } from '../../platform/mail/mailer.ts'
import type { ReminderAppointment } from './reminder-service.ts'

/** Strings that must never reach a reminder: who, with whom, for what, and the clinic's specialty. */
export const REMINDER_CANARIES = Object.freeze({
  patientName: 'Bartholomew Quenby',
  clinicianName: 'Dr Ottoline Fairweather',
  appointmentType: 'Medical cannabis review',
  clinicName: 'Harbourside Oncology Centre',
})
export const CANARY_TERMS: readonly string[] = [
  ...Object.values(REMINDER_CANARIES).flatMap((v) => v.split(' ')),
  'cannabis',
  'oncology',
].filter((w) => w.length > 3 && !['Medical', 'review', 'Centre'].includes(w))

export type Smtp = Awaited<ReturnType<typeof startSmtp>>

export interface ReminderClinic {
  t: TestApp
  smtp: Smtp
  patient: TestAccount
  clinician: TestAccount
  typeId: string
  close(): Promise<void>
}

export async function reminderClinic(
  behaviour: Behaviour = {},
  options: TestAppOptions = {},
  /** Wraps the SMTP transport (to act while a message is being sent). */
  wrap: (transport: MailTransport) => MailTransport = (transport) => transport,
): Promise<ReminderClinic> {
  const smtp = await startSmtp(behaviour)
  const transport = createSmtpTransport(testSmtpConfig(smtp.port, { fromName: REMINDER_CANARIES.clinicName }))
  // A failed start must not leave the SMTP server holding the test file open.
  const t = await createTestApp({ ...options, mailTransport: wrap(transport) }).catch(
    async (err: unknown) => {
      transport.close()
      await smtp.close()
      throw err
    },
  )
  const patient = await createAccount(t, {
    role: 'patient',
    displayName: REMINDER_CANARIES.patientName,
    email: `bq-${randomUUID().slice(0, 6)}@patient.example`,
  })
  const clinician = await createAccount(t, {
    role: 'clinician',
    displayName: REMINDER_CANARIES.clinicianName,
  })
  const now = t.clock.now()
  const typeId = randomUUID()
  await t.ctx.db
    .insertInto('appointment_type')
    .values({
      id: typeId,
      name: REMINDER_CANARIES.appointmentType,
      duration_minutes: 30,
      buffer_minutes: 0,
      mode: 'video',
      audience: 'any',
      min_notice_minutes: 0,
      horizon_days: 90,
      active: true,
      created_at: now,
      updated_at: now,
    })
    .execute()
  await t.ctx.db
    .insertInto('clinician_schedule')
    .values({
      clinician_id: clinician.id,
      time_zone: 'Europe/London',
      schedule_id: randomUUID(),
      updated_at: now,
    })
    .execute()
  return {
    t,
    smtp,
    patient,
    clinician,
    typeId,
    close: async () => {
      transport.close()
      await t.close()
      await smtp.close()
    },
  }
}

/** A booked appointment row and its reminders, in one transaction, as booking will do it. */
export async function book(clinic: ReminderClinic, startsAt: Date): Promise<ReminderAppointment> {
  const { t } = clinic
  const now = t.clock.now()
  const appt = { id: randomUUID(), startsAt, patientId: clinic.patient.id }
  const endsAt = new Date(startsAt.getTime() + 30 * 60_000)
  await t.ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('appointment')
      .values({
        id: appt.id,
        patient_id: appt.patientId,
        clinician_id: clinic.clinician.id,
        type_id: clinic.typeId,
        starts_at: startsAt,
        ends_at: endsAt,
        blocked_until: endsAt,
        status: 'booked',
        booked_by: appt.patientId,
        booked_via: 'patient',
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute()
    await t.ctx.reminders.scheduleFor(tx, appt)
  })
  return appt
}

export async function reminderRows(t: TestApp, appointmentId: string) {
  return t.ctx.db
    .selectFrom('appointment_reminder')
    .selectAll()
    .where('appointment_id', '=', appointmentId)
    .orderBy('offset_minutes', 'desc')
    .orderBy('channel')
    .execute()
}

export async function configure(t: TestApp, changes: Partial<ReminderSettings>): Promise<void> {
  const settings = t.ctx.reminders.settings
  await settings.update({ ...(await settings.get()), ...changes })
}

/** Runs due jobs of every queue until none is due; returns how many ran (all queues). */
export async function runJobs(t: TestApp): Promise<number> {
  let total = 0
  for (let n = await t.ctx.jobRunner.runDue(); n > 0; n = await t.ctx.jobRunner.runDue()) total += n
  return total
}
