import type { ColumnType, Generated } from 'kysely'

export interface SetupLinkTable {
  id: Generated<string>
  /** SHA-256 of the token; the token itself is only ever in the printed link. */
  token_hash: string
  purpose: 'first-admin'
  expires_at: ColumnType<Date, Date | string, never>
  used_at: ColumnType<Date | null, Date | string | null, Date | string | null>
  created_at: ColumnType<Date, Date | string, never>
}
