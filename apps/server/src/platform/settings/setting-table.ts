import type { ColumnType } from 'kysely'

export interface ClinicSettingTable {
  key: string
  value: ColumnType<unknown, string, string>
  updated_at: ColumnType<Date, Date | string, Date | string>
}
