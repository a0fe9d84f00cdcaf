// The processors register (issue 12, compliance/README.md): every outside service the clinic uses,
// its agreement (DPA/BAA) and the hosts the server may connect to for it. The union of `hosts` over
// all rows is the egress allowlist (S39).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table processor (
    id uuid primary key,
    name text not null check (length(name) between 1 and 200),
    purpose text not null check (length(purpose) between 1 and 500),
    data_categories jsonb not null default '[]',
    region text not null check (length(region) between 1 and 100),
    agreement_signed boolean not null,
    agreement_expires_on text check (agreement_expires_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    hosts jsonb not null default '[]',
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db)
  await sql`create unique index processor_name on processor (lower(name))`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table processor`.execute(db)
}
