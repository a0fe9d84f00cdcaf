import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>

/** A clinician's care relationship with a patient: made by booking or by assignment. */
export interface CareTeamTable {
  patient_id: string
  clinician_id: string
  source: 'booking' | 'assignment'
  created_at: Timestamp
  last_encounter_at: NullableTimestamp
  /** The relationship lapses after this (a configurable time after the last encounter). */
  ends_at: NullableTimestamp
}

export interface BreakGlassTable {
  id: string
  clinician_id: string
  patient_id: string
  /** Shown to the privacy officer and, as written, to the patient. */
  reason: string
  created_at: Timestamp
  expires_at: Timestamp
}
