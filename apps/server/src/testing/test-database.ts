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
      if (schema) await sql.raw(`drop schema if exists ${schema} cascade`).execute(handle.db)
      await handle.close()
    },
  }
}

/** The drivers a database-level test should cover: embedded always, the server when configured. */
export function availableDrivers(): DatabaseDriver[] {
  return process.env['TEST_DATABASE_URL'] ? ['embedded', 'postgres'] : ['embedded']
}
