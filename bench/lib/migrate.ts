// Migrations for a benchmark database. On the PostgreSQL server each run has its own schema, and
// Kysely's migrator, when it is not told the schema, decides whether its bookkeeping tables exist by
// looking for their names in ANY schema: while another schema holds them (a test run on the same
// server), migrating a fresh schema fails with `relation "kysely_migration_lock" does not exist`.
// So the first migration of a bench schema names the schema; then the app's own migrateToLatest
// runs as `tessera start` would (and finds nothing left to do).
import type { Kysely } from 'kysely'
import { Migrator } from 'kysely/migration'
import { MIGRATIONS } from '../../apps/server/src/platform/db/migrations/index.ts'
import { migrateToLatest } from '../../apps/server/src/platform/db/migrate.ts'
import type { Database } from '../../apps/server/src/platform/db/schema.ts'

export async function migrateBenchDatabase(db: Kysely<Database>, schema: string | undefined): Promise<void> {
  if (schema) {
    const { error } = await new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
      migrationTableSchema: schema,
    }).migrateToLatest()
    if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error })
  }
  await migrateToLatest(db)
}
