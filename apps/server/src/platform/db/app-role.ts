// Least privilege on a PostgreSQL server (AUDIT.md "Storage"): migrations run as the schema owner;
// the server runs as an application role that may INSERT into the audit tables but never UPDATE,
// DELETE or TRUNCATE them (the triggers are a second layer). PGlite has no roles, so this is for
// servers only.
import { sql, type Kysely } from 'kysely'
import type { Database } from './schema.ts'

const AUDIT_TABLES = ['audit_event', 'audit_checkpoint']
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/

export async function grantAppRole(db: Kysely<Database>, role: string, schema = 'public'): Promise<string[]> {
  if (!IDENTIFIER.test(role) || !IDENTIFIER.test(schema))
    throw new Error('role and schema must be lower-case SQL identifiers')
  const tables = (
    await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = ${schema}`.execute(
      db,
    )
  ).rows.map((r) => r.name)
  const statements = [
    `grant usage on schema ${schema} to ${role}`,
    ...tables
      .filter((t) => !AUDIT_TABLES.includes(t))
      .map((t) => `grant select, insert, update, delete on ${schema}.${t} to ${role}`),
    ...AUDIT_TABLES.filter((t) => tables.includes(t)).flatMap((t) => [
      `revoke update, delete, truncate on ${schema}.${t} from ${role}`,
      `grant select, insert on ${schema}.${t} to ${role}`,
    ]),
    `grant usage, select on all sequences in schema ${schema} to ${role}`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
  return statements
}
