import type { ColumnType } from 'kysely'
import type { DocumentContentType, DocumentScanStatus } from '@tessera/contracts'

type Timestamp = ColumnType<Date, Date | string, Date | string>

/**
 * One stored document: the encrypted blob's facts and its wrapped data key. The document's id is
 * also its DocumentReference id, its blob id and the id bound into its ciphertext. The row (and the
 * DocumentReference, same transaction) is committed only after the blob is durable (S26).
 */
export interface DocumentTable {
  id: string
  patient_id: string
  content_type: DocumentContentType
  /** Plaintext bytes as stored (after metadata stripping). */
  size: number
  /** Ciphertext bytes in the blob store. */
  stored_size: number
  /** Hex SHA-256 of the plaintext, checked again on every download. */
  sha256: string
  /** The data key, wrapped by the patient's key (`dk1.<version>.<...>`, vault/keys). */
  wrapped_key: string
  scan: DocumentScanStatus
  uploaded_by: string
  created_at: Timestamp
}
