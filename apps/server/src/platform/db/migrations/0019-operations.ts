// Operations (operations/): the record of backups and restore tests (S36) and the retention
// review queue (S37).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table operations_backup_run (
    id uuid primary key,
    kind text not null check (kind in ('backup', 'restore', 'restore-test')),
    outcome text not null check (outcome in ('success', 'failure')),
    started_at timestamptz not null,
    finished_at timestamptz not null,
    driver text not null,
    backup_id uuid,
    bytes bigint,
    tables integer,
    rows bigint,
    blobs integer,
    reason text
  )`.execute(db)
  await sql`create index operations_backup_run_kind_idx on operations_backup_run (kind, finished_at desc)`.execute(
    db,
  )

  await sql`create table retention_review (
    patient_id uuid not null,
    category text not null,
    last_contact_at timestamptz not null,
    retain_until timestamptz not null,
    flagged_at timestamptz not null,
    state text not null check (state in ('flagged', 'erased')),
    decided_by uuid,
    decided_at timestamptz,
    primary key (patient_id, category)
  )`.execute(db)
  await sql`create index retention_review_state_idx on retention_review (state, flagged_at)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists retention_review`.execute(db)
  await sql`drop table if exists operations_backup_run`.execute(db)
}
