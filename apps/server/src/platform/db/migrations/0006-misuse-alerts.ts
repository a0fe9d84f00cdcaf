// Misuse detection over the audit stream (AUDIT.md "Views", SECURITY.md S23): the alerts it raises
// and the cursor that makes each scan incremental. One alert per rule, actor and window start, so
// scanning the same events again never raises the same alert twice.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table misuse_alert (
    id uuid primary key,
    rule text not null,
    actor_id uuid not null,
    detected_at timestamptz not null,
    window_start timestamptz not null,
    window_end timestamptz not null,
    event_count integer not null check (event_count >= 0),
    patient_count integer not null check (patient_count >= 0),
    status text not null default 'open' check (status in ('open', 'acknowledged', 'dismissed')),
    reviewed_by uuid references account (id),
    reviewed_at timestamptz,
    note text,
    constraint misuse_alert_window unique (rule, actor_id, window_start),
    check (window_end >= window_start)
  )`.execute(db)
  await sql`create index misuse_alert_status on misuse_alert (status, detected_at)`.execute(db)
  await sql`create index misuse_alert_actor on misuse_alert (actor_id, rule, window_end)`.execute(db)

  await sql`create table misuse_scan (
    scanner text primary key,
    horizon_txid xid8,
    last_event_id bigint,
    scanned_at timestamptz
  )`.execute(db)
}
