import type { ColumnType } from 'kysely'
import type { MisuseAlertStatus } from '@tessera/contracts'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>

/** One flagged window of one actor's activity (misuse-rules.ts says which rule and why). */
export interface MisuseAlertTable {
  id: string
  rule: string
  actor_id: string
  detected_at: ColumnType<Date, Date | string, never>
  window_start: Timestamp
  window_end: Timestamp
  event_count: number
  patient_count: number
  status: ColumnType<MisuseAlertStatus, MisuseAlertStatus | undefined, MisuseAlertStatus>
  reviewed_by: string | null
  reviewed_at: NullableTimestamp
  /** The reviewer's own words: shown to reviewers only, never logged or emailed. */
  note: string | null
}

/** Where the detector got to: audit events of transactions older than the horizon are scanned. */
export interface MisuseScanTable {
  scanner: string
  /** Transaction horizon (xid8 as text): every event with txid below it has been scanned. */
  horizon_txid: string | null
  /** Highest audit_event id seen so far (for operators; the horizon is the cursor). */
  last_event_id: string | null
  scanned_at: NullableTimestamp
}
