import type { ColumnType, Generated } from 'kysely'

/** The development outbox: mail that would have been sent, readable by the admin in the app. */
export interface OutboxMailTable {
  id: Generated<string>
  to_address: string
  subject: string
  body: string
  category: string
  created_at: ColumnType<Date, Date | string, never>
}
