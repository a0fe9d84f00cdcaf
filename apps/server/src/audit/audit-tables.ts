import type { ColumnType, Generated } from 'kysely'

export type AuditOutcome = 'success' | 'denied' | 'failure'

export interface AuditEventTable {
  id: Generated<string>
  txid: Generated<string>
  recorded_at: ColumnType<Date, Date | string, never>
  actor_id: string | null
  actor_role: string | null
  action: string
  outcome: AuditOutcome
  patient_id: string | null
  /** Canonical JSON shaped like a FHIR AuditEvent (IHE BALP): references only, never clinical values. */
  body: ColumnType<Record<string, unknown>, string, never>
  /** SHA-256(0x00 || canonical body bytes): the RFC 6962 leaf hash. */
  leaf_hash: ColumnType<Uint8Array, Uint8Array, never>
}

export interface AuditCheckpointTable {
  id: Generated<string>
  from_txid: string
  to_txid: string
  first_event_id: string | null
  last_event_id: string | null
  tree_size: number
  merkle_root: Uint8Array
  previous_hash: Uint8Array
  checkpoint_hash: Uint8Array
  signature: Uint8Array
  key_version: number
  sealed_at: ColumnType<Date, Date | string, never>
}

export interface AuditSigningKeyTable {
  version: number
  public_key: Uint8Array
  private_key_sealed: string
  created_at: ColumnType<Date, Date | string, never>
}
