// Helpers for the key tests: a provider that counts master-key operations (and can fail on
// demand), and a raw text dump of every table, to search for key material.
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../platform/db/schema.ts'
import type { DestroyResult, MasterKeyProvider } from './master-key-provider.ts'

export class CountingMasterKeys implements MasterKeyProvider {
  wraps = 0
  unwraps = 0
  /** Every key this provider was asked to wrap or returned from an unwrap (patient keys). */
  readonly seen: Buffer[] = []

  constructor(readonly inner: MasterKeyProvider) {}

  currentVersion(): Promise<number> {
    return this.inner.currentVersion()
  }
  async wrap(version: number, key: Buffer, aad: Buffer): Promise<string> {
    this.wraps++
    this.seen.push(Buffer.from(key))
    return this.inner.wrap(version, key, aad)
  }
  async unwrap(version: number, wrapped: string, aad: Buffer): Promise<Buffer> {
    this.unwraps++
    const key = await this.inner.unwrap(version, wrapped, aad)
    this.seen.push(Buffer.from(key))
    return key
  }
  checkValue(version: number): Promise<string> {
    return this.inner.checkValue(version)
  }
  createVersion(version: number): Promise<void> {
    return this.inner.createVersion(version)
  }
  destroyVersion(version: number): Promise<DestroyResult> {
    return this.inner.destroyVersion(version)
  }
  describe(version: number): string {
    return this.inner.describe(version)
  }
}

/** Every row of every table of the current schema, as JSON text (bytea as hex). */
export async function dumpDatabase(db: Kysely<Database>): Promise<string> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
  const parts: string[] = []
  for (const { name } of tables.rows) {
    const rows = await sql<{ j: string }>`select row_to_json(t)::text as j from ${sql.table(name)} t`.execute(
      db,
    )
    parts.push(...rows.rows.map((r) => r.j))
  }
  return parts.join('\n')
}

/** The textual forms a 32-byte key could take in a dump or a log line. */
export function keyForms(key: Buffer): string[] {
  return [
    key.toString('hex'),
    key.toString('base64'),
    key.toString('base64url'),
    key.toString('base64').slice(0, 40),
    key.toString('hex').slice(0, 40),
  ]
}
