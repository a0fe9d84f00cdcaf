// Where the database-backed benchmarks run: the PostgreSQL server (figures to quote; each run in a
// schema of its own, dropped afterwards) and the embedded PGlite (a smoke variant: PERFORMANCE.md
// puts it at ~0.5x of the server, not for performance claims).
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export type BenchDb = { kind: 'postgres'; url: string } | { kind: 'embedded' }

export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test'

export function benchDatabaseUrl(): string {
  return process.env['BENCH_DATABASE_URL'] ?? DEFAULT_BENCH_DATABASE_URL
}

/** A fresh schema name, e.g. bench_p3_1a2b3c4d5e6f. */
export function benchSchema(tag: string): string {
  return `bench_${tag}_${randomBytes(6).toString('hex')}`
}

export async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`not a schema name: ${schema}`)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`drop schema if exists ${schema} cascade`)
  } finally {
    await client.end()
  }
}

/**
 * The databases to run on: BENCH_DB=postgres|embedded|both (default both). The server is skipped,
 * with a line saying so, when it cannot be reached.
 */
export async function benchDatabases(): Promise<BenchDb[]> {
  const wanted = process.env['BENCH_DB'] ?? 'both'
  const out: BenchDb[] = []
  if (wanted !== 'embedded') {
    const url = benchDatabaseUrl()
    if (await postgresReachable(url)) out.push({ kind: 'postgres', url })
    else console.log(`PostgreSQL at ${new URL(url).host} is not reachable: server variants skipped`)
  }
  if (wanted !== 'postgres') out.push({ kind: 'embedded' })
  return out
}

export function dbLabel(db: BenchDb): string {
  return db.kind === 'postgres' ? 'pg' : 'embedded'
}
