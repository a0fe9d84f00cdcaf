// What the documents module is built from (passed explicitly, built once in context.ts).
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { AccessPolicy } from '../../access/access-policy.ts'
import type { AuditWriter } from '../../audit/audit-writer.ts'
import type { FhirService } from '../../fhir/fhir-service.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'
import type { VaultKeys } from '../keys/vault-keys.ts'
import type { BlobStore } from './blob-store.ts'
import type { ClamdScanner } from './scanner/clamd-scanner.ts'

export interface DocumentDeps {
  db: Kysely<Database>
  clock: Clock
  log: Logger
  access: AccessPolicy
  audit: AuditWriter
  fhir: FhirService
  vault: VaultKeys
  blobs: BlobStore
  /** Null when no clamd is configured: documents are then marked `not-scanned`. */
  scanner: ClamdScanner | null
  uploadMaxBytes: number
}
