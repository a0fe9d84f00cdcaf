// A portable logical copy of the current schema's tables, the same on PGlite and on a PostgreSQL
// server: rows as `row_to_json` text read in one REPEATABLE READ snapshot, written back with
// `json_populate_recordset` (which parses every column by its own type: bytea, jsonb, timestamps,
// numerics exactly). The DDL is not copied: restore runs the migrations the backup was made at.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../../platform/db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>

const BOOKKEEPING = /^kysely_migration/
const PAGE = 1000

const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error('unexpected table or column name')
  return `"${name}"`
}

/** Tables of the current schema, parents before the tables whose foreign keys point at them. */
export async function tablesInDependencyOrder(db: Db): Promise<string[]> {
  const tables = (
    await sql<{ name: string }>`select c.relname as name from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p') order by c.relname`.execute(db)
  ).rows
    .map((r) => r.name)
    .filter((n) => !BOOKKEEPING.test(n))
  const edges = (
    await sql<{ child: string; parent: string }>`select ch.relname as child, pa.relname as parent
      from pg_constraint k
      join pg_class ch on ch.oid = k.conrelid
      join pg_class pa on pa.oid = k.confrelid
      join pg_namespace n on n.oid = k.connamespace
      where k.contype = 'f' and n.nspname = current_schema()`.execute(db)
  ).rows
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]))
  for (const e of edges) if (e.child !== e.parent) parents.get(e.child)?.add(e.parent)
  const ordered: string[] = []
  const done = new Set<string>()
  const visit = (t: string, path: Set<string>): void => {
    if (done.has(t) || path.has(t)) return
    path.add(t)
    for (const p of parents.get(t) ?? []) visit(p, path)
    path.delete(t)
    done.add(t)
    ordered.push(t)
  }
  for (const t of tables) visit(t, new Set())
  return ordered
}

/** Rows of a table as JSON text, a page at a time, in physical order (stable inside a snapshot). */
export async function* tableRows(db: Db, table: string): AsyncGenerator<string[]> {
  let after = '(0,0)'
  for (;;) {
    const rows = (
      await sql<{ c: string; j: string }>`select ctid::text as c, row_to_json(t)::text as j
        from ${sql.raw(ident(table))} t where ctid > ${after}::tid order by ctid limit ${PAGE}`.execute(db)
    ).rows
    if (!rows.length) return
    yield rows.map((r) => r.j)
    after = (rows[rows.length - 1] as { c: string }).c
  }
}

async function insertableColumns(db: Db, table: string): Promise<string[]> {
  return (
    await sql<{ name: string }>`select column_name as name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
      order by ordinal_position`.execute(db)
  ).rows.map((r) => r.name)
}

/** Inserts rows (JSON text) as they were, identity values included. */
export async function insertRows(db: Db, table: string, rows: string[], columns?: string[]): Promise<void> {
  const cols = (columns ?? (await insertableColumns(db, table))).map(ident).join(', ')
  const json = `[${rows.join(',')}]`
  await sql`insert into ${sql.raw(ident(table))} (${sql.raw(cols)}) overriding system value
    select ${sql.raw(cols)} from json_populate_recordset(null::${sql.raw(ident(table))}, ${json}::json)`.execute(
    db,
  )
}

export async function columnsOf(db: Db, table: string): Promise<string[]> {
  return insertableColumns(db, table)
}

/** After rows were inserted with their own ids, identity sequences continue after the largest. */
export async function resetIdentitySequences(db: Db): Promise<void> {
  const cols = (
    await sql<{
      t: string
      c: string
    }>`select table_name as t, column_name as c from information_schema.columns
      where table_schema = current_schema() and is_identity = 'YES'`.execute(db)
  ).rows
  for (const { t, c } of cols) {
    if (BOOKKEEPING.test(t)) continue
    await sql`select setval(pg_get_serial_sequence(${ident(t)}, ${c}),
      coalesce((select max(${sql.raw(ident(c))}) from ${sql.raw(ident(t))}), 0) + 1, false)`.execute(db)
  }
}

/** Tables with at least one row (the bookkeeping tables aside). */
export async function nonEmptyTables(db: Db): Promise<string[]> {
  const out: string[] = []
  for (const t of await tablesInDependencyOrder(db)) {
    const r = await sql<{ one: number }>`select 1 as one from ${sql.raw(ident(t))} limit 1`.execute(db)
    if (r.rows.length) out.push(t)
  }
  return out
}

export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of await tablesInDependencyOrder(db)) {
    const r = await sql<{ n: string }>`select count(*)::text as n from ${sql.raw(ident(t))}`.execute(db)
    out[t] = Number(r.rows[0]?.n ?? 0)
  }
  return out
}
