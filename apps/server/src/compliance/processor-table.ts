import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>
/** jsonb arrays: read as arrays, written as JSON text. */
type JsonArray = ColumnType<string[], string, string>

export interface ProcessorTable {
  id: ColumnType<string, string, never>
  name: string
  purpose: string
  data_categories: JsonArray
  region: string
  agreement_signed: boolean
  /** YYYY-MM-DD, or null when the agreement does not expire. */
  agreement_expires_on: string | null
  hosts: JsonArray
  created_at: ColumnType<Date, Date | string, never>
  updated_at: Timestamp
}
