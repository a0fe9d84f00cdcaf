// Guests of a consultation (issue 9): an interpreter or carer the clinician invites by a one-time
// link (its SHA-256 in `link_hash`) plus an emailed code (hashed, with an expiry and an attempt
// count). Opening the link and entering the code gives a guest session for that one room (hashed
// token, expiring when the consultation's join window closes). Guests are not accounts: their
// device keys, participations and code confirmations name the invitation (`guest_id`) instead of an
// account, exactly one of the two (consult/README.md "Guests").
import { sql, type Kysely } from 'kysely'

const OWNED = ['consult_device', 'consult_participant', 'consult_verification'] as const

export async function up(db: Kysely<unknown>): Promise<void> {
  // `consult_guest` was reserved by 0014 and never written, so the new columns can be required.
  await sql`alter table consult_guest
    add column display_name text not null check (length(display_name) between 1 and 80),
    add column email text not null check (length(email) between 3 and 254),
    add column kind text not null check (kind in ('interpreter', 'carer')),
    add column code_expires_at timestamptz,
    add column code_attempts integer not null default 0,
    add column codes_sent integer not null default 0,
    add column session_hash bytea unique,
    add column session_expires_at timestamptz,
    add column checked_in_at timestamptz,
    add column admitted_at timestamptz,
    add column admitted_by uuid references account (id)`.execute(db)
  await sql`create index consult_guest_appointment on consult_guest (appointment_id)`.execute(db)
  for (const table of OWNED) {
    await sql`alter table ${sql.table(table)} alter column account_id drop not null`.execute(db)
    await sql`alter table ${sql.table(table)} add column guest_id uuid references consult_guest (id)`.execute(
      db,
    )
    await sql`alter table ${sql.table(table)} add constraint ${sql.raw(`${table}_owner`)}
      check ((account_id is null) <> (guest_id is null))`.execute(db)
  }
  await sql`create index consult_device_guest on consult_device (guest_id) where guest_id is not null`.execute(
    db,
  )
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index consult_device_guest`.execute(db)
  for (const table of OWNED) {
    await sql`delete from ${sql.table(table)} where guest_id is not null`.execute(db)
    await sql`alter table ${sql.table(table)} drop constraint ${sql.raw(`${table}_owner`)}`.execute(db)
    await sql`alter table ${sql.table(table)} drop column guest_id`.execute(db)
    await sql`alter table ${sql.table(table)} alter column account_id set not null`.execute(db)
  }
  await sql`drop index consult_guest_appointment`.execute(db)
  for (const column of [
    'display_name',
    'email',
    'kind',
    'code_expires_at',
    'code_attempts',
    'codes_sent',
    'session_hash',
    'session_expires_at',
    'checked_in_at',
    'admitted_at',
    'admitted_by',
  ])
    await sql`alter table consult_guest drop column ${sql.ref(column)}`.execute(db)
}
