// Each test file gets its own database: an in-memory PGlite by default, or its own schema on the
// PostgreSQL server named by TEST_DATABASE_URL (dropped at the end).
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { openDatabase, type DatabaseDriver, type DatabaseHandle } from '../platform/db/database.ts'
import { migrateToLatest } from '../platform/db/migrate.ts'

export interface TestDatabase extends DatabaseHandle {
  schema: string | undefined
  url: string | undefined
}

export async function createTestDatabase(
  driver: DatabaseDriver | 'default' = 'default',
): Promise<TestDatabase> {
  const url = process.env['TEST_DATABASE_URL']
  const useServer = driver === 'postgres' || (driver === 'default' && Boolean(url))
  if (useServer && !url) throw new Error('TEST_DATABASE_URL is not set')
  const schema = useServer ? `t_${randomBytes(6).toString('hex')}` : undefined
  const handle = await openDatabase({ url: useServer ? url : undefined, schema, poolSize: 8 })
  await migrateToLatest(handle.db)
  return {
    ...handle,
    schema,
    url: useServer ? url : undefined,
    close: async () => {
      if (schema) await dropSchema(handle, schema)
      await handle.close()
    },
  }
}

/**
 * Drops a test schema. Test files drop theirs in parallel on one server, and two concurrent
 * `drop schema ... cascade` can deadlock in the catalog (seen in CI): drops take one advisory lock
 * in turn, and a deadlock with anything else is tried again.
 */
async function dropSchema(handle: DatabaseHandle, schema: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await handle.db.transaction().execute(async (tx) => {
        await sql`select pg_advisory_xact_lock(${DROP_LOCK})`.execute(tx)
        await sql.raw(`drop schema if exists ${schema} cascade`).execute(tx)
      })
      return
    } catch (err) {
      if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt))
    }
  }
}
const DROP_LOCK = 73_556_081

/** The drivers a database-level test should cover: embedded always, the server when configured. */
export function availableDrivers(): DatabaseDriver[] {
  return process.env['TEST_DATABASE_URL'] ? ['embedded', 'postgres'] : ['embedded']
}
