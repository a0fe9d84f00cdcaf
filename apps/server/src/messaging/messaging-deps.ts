// What the messaging services need, passed explicitly (a part of the application context).
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { AccessPolicy } from '../access/access-policy.ts'
import type { FhirStore } from '../fhir/fhir-store.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import type { EventBus } from '../platform/events/event-bus.ts'
import type { MailService } from '../platform/mail/mail-service.ts'
import type { TextEnvelope } from '../vault/crypto/text-envelope.ts'
import type { DocumentService } from '../vault/documents/document-service.ts'

export interface MessagingDeps {
  db: Kysely<Database>
  clock: Clock
  access: AccessPolicy
  /** Seals subjects and bodies with the patient's key. */
  text: TextEnvelope
  documents: DocumentService
  /** Writes each patient-visible message's Communication (message-communication.ts). */
  store: FhirStore
  mail: MailService
  events: EventBus
  log: Logger
  publicUrl: () => string
}

export const subjectContext = (threadId: string): string => `message-thread/${threadId}/subject`
export const bodyContext = (messageId: string): string => `message/${messageId}/body`
