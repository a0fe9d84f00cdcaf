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

/**
 * Kysely checks for its bookkeeping tables by listing the tables of every schema. On a server
 * where another schema is being dropped at that moment (parallel test schemas, a retired
 * instance), that listing can fail with "schema ... does not exist" (SQLSTATE 3F000) before any
 * migration ran. Nothing was changed then, so the whole run is safely tried again.
 */
function droppedElsewhere(error: unknown, results: MigrationResultSet['results']): boolean {
  const code = (error as { code?: string } | undefined)?.code
  return code === '3F000' && (results ?? []).length === 0
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationReport> {
  let run: MigrationResultSet = await (await migrator(db)).migrateToLatest()
  for (let attempt = 1; attempt < 5 && droppedElsewhere(run.error, run.results); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt))
    run = await (await migrator(db)).migrateToLatest()
  }
  const { error, results } = run
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
