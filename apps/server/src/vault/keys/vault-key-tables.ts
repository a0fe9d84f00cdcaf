import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type OptionalTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

/** Master key versions as the database knows them (the key material is held by the provider). */
export interface VaultMasterKeyTable {
  version: number
  /** pending: being made by a rotation; active: usable; retired: nothing is wrapped by it any more. */
  state: 'pending' | 'active' | 'retired'
  /** HMAC-SHA-256 of a fixed label under the key, truncated: tells instances holding a different
   * key for the same version apart. Not the key, and the key cannot be derived from it. */
  check_value: string | null
  created_at: Timestamp
  /** Every live patient key was re-wrapped under this version (its rotation finished). */
  rewrapped_at: OptionalTimestamp
  retired_at: OptionalTimestamp
  /** The provider destroyed the key material (a local key file deleted, a KMS version destroyed). */
  destroyed_at: OptionalTimestamp
}

/** Per-patient key-encryption keys, wrapped by a master version; erased ones keep only the date. */
export interface VaultPatientKeyTable {
  patient_id: string
  version: number
  master_version: number | null
  wrapped: string | null
  created_at: Timestamp
  rewrapped_at: OptionalTimestamp
  erased_at: OptionalTimestamp
}
