// Kysely over PostgreSQL: embedded PGlite in <dataDir>/db by default, a server when DATABASE_URL is set.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { PGlite } from '@electric-sql/pglite'
import { PGliteDialect } from './pglite-dialect.ts'
import type { Database } from './schema.ts'

export type DatabaseDriver = 'embedded' | 'postgres'

export interface DatabaseHandle {
  db: Kysely<Database>
  driver: DatabaseDriver
  close(): Promise<void>
}

export interface DatabaseOptions {
  /** postgres:// URL; absent means embedded. */
  url?: string | undefined
  /** Directory of the embedded database; absent means in memory (tests). */
  embeddedDir?: string | undefined
  /** A schema to use instead of public (tests isolate themselves this way on a server). */
  schema?: string | undefined
  poolSize?: number
  connectAttempts?: number
  retryDelayMs?: number
}

// Timestamps as ISO strings would lose the Date type; bigint ids would overflow JS numbers.
// int8 -> string keeps them exact; callers convert where they know the range is small.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => v)

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  // The schema name is interpolated into SQL below, so it must be a plain identifier.
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
    throw new Error('database schema must be a lower-case SQL identifier')
  }
  if (options.url) return openServer(options.url, options)
  return openEmbedded(options.embeddedDir, options.schema)
}

async function openEmbedded(dir: string | undefined, schema: string | undefined): Promise<DatabaseHandle> {
  if (dir) await mkdir(dir, { recursive: true })
  const client = await PGlite.create(dir ? join(dir) : undefined)
  if (schema) {
    await client.exec(`create schema if not exists ${schema}; set search_path to ${schema}`)
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) })
  return { db, driver: 'embedded', close: () => db.destroy() }
}

async function openServer(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  const schema = options.schema
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 4,
    connectionTimeoutMillis: 5_000,
    // A transaction left open would hold back the audit sealer's horizon (AUDIT.md).
    idle_in_transaction_session_timeout: 60_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  // An idle client erroring (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined)
  const attempts = options.connectAttempts ?? 5
  let lastError: unknown
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const client = await pool.connect()
      try {
        // Checked first: an application role without CREATE may use an existing schema.
        const exists =
          schema && (await client.query('select 1 from pg_namespace where nspname = $1', [schema])).rowCount
        if (schema && !exists) await client.query(`create schema if not exists ${schema}`)
      } finally {
        client.release()
      }
      lastError = undefined
      break
    } catch (err) {
      lastError = err
      if (attempt < attempts) await delay((options.retryDelayMs ?? 500) * 2 ** (attempt - 1))
    }
  }
  if (lastError) {
    await pool.end().catch(() => undefined)
    const reason = (lastError as { code?: string; message?: string }).code ?? (lastError as Error).message
    throw new DatabaseUnreachableError(`cannot reach the database after ${attempts} attempts (${reason})`)
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return { db, driver: 'postgres', close: () => db.destroy() }
}

export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError'
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db)
}
