// What consult/ needs from the rest of the app, as narrow ports.
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { BookingPolicy, PatientReadiness } from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import type { AuditWriter } from '../audit/audit-writer.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import type { EventBus } from '../platform/events/event-bus.ts'
import type { MailService } from '../platform/mail/mail-service.ts'

export interface ConsultDeps {
  db: Kysely<Database>
  clock: Clock
  events: EventBus
  audit: AuditWriter
  log: Logger
  /** Issue 7's readiness of a patient (consent, intake, documents). */
  readiness: { of(actor: Actor, patientId: string): Promise<PatientReadiness> }
  /** The clinic's booking policy (its `requireBeforeJoining` gate). */
  policy: { get(): Promise<BookingPolicy> }
  /** Guests' invitation links and codes (guest-service.ts). */
  mail: Pick<MailService, 'send'>
  /** The address people use, without a trailing slash (for guests' links). */
  publicUrl: () => string
}

/** Event bus channels (payloads are ids only). */
export const channels = {
  room: (appointmentId: string) => `consult:room:${appointmentId}`,
  clinician: (accountId: string) => `consult:clinician:${accountId}`,
  patient: (accountId: string) => `consult:patient:${accountId}`,
}
