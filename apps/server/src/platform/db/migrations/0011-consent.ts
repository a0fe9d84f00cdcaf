// Consent (consent/): the clinic's versioned consent texts and every patient decision on them.
// A published text never changes and is never deleted; decisions are append-only (the latest per
// patient and kind is the patient's standing). Each decision also exists as a FHIR Consent.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table consent_text (
    id uuid primary key,
    kind text not null check (kind in ('privacy-notice', 'telehealth', 'gp-sharing')),
    version integer not null check (version > 0),
    status text not null check (status in ('draft', 'published')),
    title text not null,
    body text not null,
    created_by uuid not null references account (id),
    created_at timestamptz not null,
    published_by uuid references account (id),
    published_at timestamptz,
    unique (kind, version),
    check ((status = 'published') = (published_at is not null))
  )`.execute(db)
  // At most one draft of each kind at a time.
  await sql`create unique index consent_text_one_draft on consent_text (kind) where status = 'draft'`.execute(
    db,
  )
  await sql`create function consent_text_keep_published() returns trigger language plpgsql as $$
    begin
      if old.status = 'published' then
        raise exception 'a published consent text cannot be changed or deleted (%)', old.id;
      end if;
      if tg_op = 'DELETE' then return old; end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger consent_text_published before update or delete on consent_text
    for each row execute function consent_text_keep_published()`.execute(db)

  await sql`create table consent_decision (
    seq bigint generated always as identity primary key,
    id uuid not null unique,
    patient_id uuid not null references account (id),
    kind text not null check (kind in ('privacy-notice', 'telehealth', 'gp-sharing')),
    text_id uuid not null references consent_text (id),
    decision text not null check (decision in ('given', 'declined', 'withdrawn')),
    consent_id uuid not null,
    decided_by uuid not null references account (id),
    decided_at timestamptz not null
  )`.execute(db)
  await sql`create index consent_decision_patient on consent_decision (patient_id, kind, seq)`.execute(db)
  await sql`create index consent_decision_text on consent_decision (text_id, decision)`.execute(db)
  await sql`create function consent_decision_append_only() returns trigger language plpgsql as $$
    begin raise exception 'consent records are append-only (% on %)', tg_op, tg_table_name; end $$`.execute(
    db,
  )
  await sql`create trigger consent_decision_no_change before update or delete on consent_decision
    for each row execute function consent_decision_append_only()`.execute(db)
  for (const table of ['consent_text', 'consent_decision']) {
    await sql
      .raw(
        `create trigger ${table}_no_truncate before truncate on ${table}
      for each statement execute function consent_decision_append_only()`,
      )
      .execute(db)
  }
}
