// What the documents module is built from (passed explicitly, built once in context.ts).
import type { Transform } from 'node:stream'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { AccessPolicy } from '../../access/access-policy.ts'
import type { AuditWriter } from '../../audit/audit-writer.ts'
import type { FhirService } from '../../fhir/fhir-service.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'
import { decryptStream, encryptStream, type StreamOptions } from '../crypto/stream-format.ts'
import type { VaultKeys } from '../keys/vault-keys.ts'
import type { BlobStore } from './blob-store.ts'
import type { ClamdScanner } from './scanner/clamd-scanner.ts'

/** How blobs are sealed and opened: the vault's stream format (stream-format.ts). */
export interface StreamCipher {
  encrypt(opts: StreamOptions & { keyVersion: number }): Transform
  decrypt(opts: StreamOptions): Transform
}

export const vaultStreamCipher: StreamCipher = { encrypt: encryptStream, decrypt: decryptStream }

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
  /**
   * Defaults to `vaultStreamCipher`. No configuration sets it: only code that builds the context
   * itself can (the P1/P2 benchmark baseline, bench/servers/tessera-launcher.ts).
   */
  streamCipher?: StreamCipher
}
