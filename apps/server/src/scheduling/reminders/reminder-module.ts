// Builds the reminder service (booking calls it) and its job handler (the context registers it).
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { AccessPolicy } from '../../access/access-policy.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Config } from '../../platform/config.ts'
import type { Database } from '../../platform/db/schema.ts'
import type { JobQueue } from '../../platform/jobs/job-queue.ts'
import type { MailTransport } from '../../platform/mail/mailer.ts'
import { createSmsTransport, type SmsTransport } from '../../platform/sms/sms-transport.ts'
import { ReminderDelivery } from './reminder-delivery.ts'
import { ReminderService } from './reminder-service.ts'
import { ReminderSettingsStore } from './reminder-settings.ts'

export interface ReminderModuleDeps {
  db: Kysely<Database>
  clock: Clock
  jobs: JobQueue
  access: AccessPolicy
  config: Config
  log: Logger
  /** Reminders go to the transport directly (not through MailService) to record each outcome. */
  mail: MailTransport
  /** Defaults to the configured one (TESSERA_SMS_TRANSPORT); null means no SMS. */
  sms?: SmsTransport | null
  publicUrl: () => string
}

export interface ReminderModule {
  service: ReminderService
  delivery: ReminderDelivery
}

export function createReminders(deps: ReminderModuleDeps): ReminderModule {
  const sms = deps.sms !== undefined ? deps.sms : createSmsTransport(deps.config.smsTransport, deps.log)
  const settings = new ReminderSettingsStore(deps.db, deps.clock, deps.config.mailFromName)
  const service = new ReminderService({
    db: deps.db,
    clock: deps.clock,
    jobs: deps.jobs,
    access: deps.access,
    settings,
    smsAvailable: sms !== null,
  })
  const delivery = new ReminderDelivery({
    db: deps.db,
    clock: deps.clock,
    settings,
    mail: deps.mail,
    sms,
    clinicTimeZone: deps.config.clinicTimeZone,
    publicUrl: deps.publicUrl,
  })
  return { service, delivery }
}
