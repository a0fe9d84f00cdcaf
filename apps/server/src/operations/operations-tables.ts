import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type OptionalTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

/** One backup, restore or restore test, as the compliance centre reads it (S36). */
export interface OperationsBackupRunTable {
  id: string
  kind: 'backup' | 'restore' | 'restore-test'
  outcome: 'success' | 'failure'
  started_at: Timestamp
  finished_at: Timestamp
  driver: string
  backup_id: string | null
  /** int8: a string from the driver. */
  bytes: ColumnType<string | null, number | null | undefined, number | null>
  tables: number | null
  rows: ColumnType<string | null, number | null | undefined, number | null>
  blobs: number | null
  /** Why it failed, in words without PHI (never a row, a path of a patient's file, a key). */
  reason: string | null
}

/** A patient's records of one category past retention, waiting for the privacy officer (S37). */
export interface RetentionReviewTable {
  patient_id: string
  category: string
  last_contact_at: Timestamp
  retain_until: Timestamp
  flagged_at: Timestamp
  state: 'flagged' | 'erased'
  decided_by: string | null
  decided_at: OptionalTimestamp
}
