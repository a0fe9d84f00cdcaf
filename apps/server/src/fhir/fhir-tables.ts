import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>
/** JSONB read as text by the store (sent to clients as stored), written as a JSON string. */
type Json = ColumnType<string | null, string | null, string | null>

export interface FhirResourceTable {
  resource_type: string
  id: string
  version_id: number
  last_updated: Timestamp
  deleted: ColumnType<boolean, boolean | undefined, boolean>
  patient_id: string | null
  content: Json
}

export interface FhirResourceHistoryTable {
  resource_type: string
  id: string
  version_id: number
  last_updated: Timestamp
  deleted: boolean
  patient_id: string | null
  content: Json
}

export interface FhirSearchIndexTable {
  resource_type: string
  resource_id: string
  param: string
  system: string | null
  value: string | null
  date_start: ColumnType<Date | null, Date | string | null, Date | string | null>
  date_end: ColumnType<Date | null, Date | string | null, Date | string | null>
}
