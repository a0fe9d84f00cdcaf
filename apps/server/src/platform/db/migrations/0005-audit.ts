// The audit trail (AUDIT.md): append-only events, chained signed checkpoints, signing keys.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table audit_event (
    id bigint generated always as identity primary key,
    txid xid8 not null default pg_current_xact_id(),
    recorded_at timestamptz not null,
    actor_id uuid,
    actor_role text,
    action text not null,
    outcome text not null check (outcome in ('success', 'denied', 'failure')),
    patient_id uuid,
    body jsonb not null,
    leaf_hash bytea not null
  )`.execute(db)
  await sql`create index audit_event_txid on audit_event (txid)`.execute(db)
  await sql`create index audit_event_patient on audit_event (patient_id, recorded_at) where patient_id is not null`.execute(
    db,
  )
  await sql`create index audit_event_actor on audit_event (actor_id, recorded_at)`.execute(db)

  await sql`create table audit_checkpoint (
    id bigint generated always as identity primary key,
    from_txid xid8 not null,
    to_txid xid8 not null,
    first_event_id bigint,
    last_event_id bigint,
    tree_size integer not null,
    merkle_root bytea not null,
    previous_hash bytea not null,
    checkpoint_hash bytea not null,
    signature bytea not null,
    key_version integer not null,
    sealed_at timestamptz not null
  )`.execute(db)

  await sql`create table audit_signing_key (
    version integer primary key,
    public_key bytea not null,
    private_key_sealed text not null,
    created_at timestamptz not null
  )`.execute(db)

  // Append-only, second layer (the first is an insert-only role where the database has roles).
  await sql`create function audit_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit records are append-only (% on %)', tg_op, tg_table_name; end $$`.execute(db)
  for (const table of ['audit_event', 'audit_checkpoint']) {
    await sql
      .raw(
        `create trigger ${table}_no_update before update or delete on ${table}
      for each row execute function audit_append_only()`,
      )
      .execute(db)
    await sql
      .raw(
        `create trigger ${table}_no_truncate before truncate on ${table}
      for each statement execute function audit_append_only()`,
      )
      .execute(db)
  }
}
