// Secure messaging (messaging/): threads between a patient and the care team, their messages and
// internal notes, attachments (vault document ids) and read positions. The subject and every body
// are sealed with the patient's key (vault/crypto/text-envelope.ts): a dump shows no free text.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table message_thread (
    id uuid primary key,
    patient_id uuid not null references account (id),
    topic text not null check (topic in ('clinical', 'admin')),
    subject_sealed text not null,
    status text not null check (status in ('open', 'waiting-on-patient', 'closed')),
    assigned_to uuid references account (id),
    created_by uuid not null references account (id),
    created_at timestamptz not null,
    last_message_at timestamptz not null,
    awaiting_since timestamptz
  )`.execute(db)
  await sql`create index message_thread_patient on message_thread (patient_id, last_message_at)`.execute(db)
  await sql`create index message_thread_inbox on message_thread (status, last_message_at)`.execute(db)

  // kind = 'internal-note' rows are never returned to a patient (messaging/thread-access.ts).
  // seq orders a thread's messages (two can share a timestamp).
  await sql`create table message (
    id uuid primary key,
    seq bigint generated always as identity,
    thread_id uuid not null references message_thread (id),
    patient_id uuid not null,
    author_id uuid not null references account (id),
    author_role text not null,
    kind text not null check (kind in ('message', 'internal-note')),
    body_sealed text not null,
    created_at timestamptz not null
  )`.execute(db)
  await sql`create index message_thread_seq on message (thread_id, seq)`.execute(db)
  await sql`create index message_author_time on message (author_id, created_at)`.execute(db)

  await sql`create table message_attachment (
    message_id uuid not null references message (id),
    position integer not null check (position between 0 and 9),
    document_id uuid not null,
    primary key (message_id, position)
  )`.execute(db)

  // How far each person has read a thread (read receipts and unread counts).
  await sql`create table message_read (
    thread_id uuid not null references message_thread (id),
    account_id uuid not null references account (id),
    read_at timestamptz not null,
    primary key (thread_id, account_id)
  )`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['message_read', 'message_attachment', 'message', 'message_thread']) {
    await sql.raw(`drop table if exists ${table}`).execute(db)
  }
}
