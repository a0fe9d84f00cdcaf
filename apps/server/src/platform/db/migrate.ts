import { sql, type Kysely } from 'kysely'
import { Migrator, type MigrationResultSet } from 'kysely/migration'
import type { Database } from './schema.ts'
import { MIGRATIONS } from './migrations/index.ts'

/**
 * The migrator for the schema this connection works in. Naming the schema matters: without it
 * Kysely looks for its bookkeeping tables in every schema, and a database with several Tessera
 * schemas (tests, or instances sharing a server) would find another schema's tables.
 */
async function migrator(db: Kysely<Database>): Promise<Migrator> {
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s ?? 'public'
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    migrationTableSchema: schema,
  })
}

export interface MigrationReport {
  applied: string[]
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError'
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationReport> {
  const { error, results }: MigrationResultSet = await (await migrator(db)).migrateToLatest()
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
  if (error) {
    const failed = (results ?? []).find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new MigrationError(`migration ${failed} failed: ${(error as Error).message}`, { cause: error })
  }
  return { applied }
}

/** Names of known migrations not yet applied (readiness fails while any are pending). */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const all = await (await migrator(db)).getMigrations()
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name)
}
