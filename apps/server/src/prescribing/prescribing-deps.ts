// What prescribing/ needs from the rest of the server (explicit wiring in context.ts).
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { AccessPolicy } from '../access/access-policy.ts'
import type { Actor } from '../access/actor.ts'
import type { FhirStore } from '../fhir/fhir-store.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import type { JobQueue } from '../platform/jobs/job-queue.ts'
import type { MailService } from '../platform/mail/mail-service.ts'
import type { AuditWriter } from '../audit/audit-writer.ts'
import type { TextEnvelope } from '../vault/crypto/text-envelope.ts'
import type { PatientReadiness } from '@tessera/contracts'

export interface PrescribingDeps {
  db: Kysely<Database>
  clock: Clock
  log: Logger
  store: FhirStore
  access: AccessPolicy
  jobs: JobQueue
  mail: MailService
  audit: AuditWriter
  text: TextEnvelope
  /** Consent and intake state (intake/readiness-service.ts). */
  readiness: { of(actor: Actor, patientId: string): Promise<PatientReadiness> }
  publicUrl: () => string
  /** A pharmacy task open longer than this raises an alert (TESSERA_PHARMACY_TASK_ALERT_HOURS). */
  taskAlertHours: number
}
