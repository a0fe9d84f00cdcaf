// Video consultations (consult/): device identity keys, one room per appointment (waiting room
// state), calls with their participants and verifications, and guest invitations (reserved).
// Never stored: SDP, handshake messages, chat ciphertext, any key but public device keys
// (shared/design/E2EE.md section 8).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // A device's Ed25519 public key (E2EE.md section 1); `algorithm` leaves room for ML-DSA. A key is
  // registered once, ever: a revoked key cannot come back under another account.
  await sql`create table consult_device (
    id uuid primary key,
    account_id uuid not null references account (id),
    algorithm text not null check (algorithm in ('ed25519')),
    public_key bytea not null unique check (length(public_key) = 32),
    label text not null check (length(label) between 1 and 60),
    created_at timestamptz not null,
    revoked_at timestamptz
  )`.execute(db)
  await sql`create index consult_device_account on consult_device (account_id) where revoked_at is null`.execute(
    db,
  )

  // The waiting room: made on the first check-in (or the first join), one per appointment.
  await sql`create table consult_room (
    appointment_id uuid primary key references appointment (id),
    checked_in_at timestamptz,
    admitted_at timestamptz,
    admitted_by uuid references account (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check (admitted_at is null or checked_in_at is not null)
  )`.execute(db)

  // A call: from the first join to the last leave. The roster is the host's signed one (public).
  await sql`create table consult_call (
    id uuid primary key,
    appointment_id uuid not null references consult_room (appointment_id),
    started_at timestamptz not null,
    ended_at timestamptz,
    roster bytea,
    roster_version integer,
    roster_device_id uuid references consult_device (id)
  )`.execute(db)
  await sql`create unique index consult_call_one_open on consult_call (appointment_id) where ended_at is null`.execute(
    db,
  )

  await sql`create table consult_participant (
    id uuid primary key,
    call_id uuid not null references consult_call (id),
    account_id uuid not null references account (id),
    device_id uuid not null references consult_device (id),
    role text not null check (role in ('patient', 'host', 'guest')),
    cipher_suite integer not null,
    joined_at timestamptz not null,
    left_at timestamptz
  )`.execute(db)
  await sql`create index consult_participant_call on consult_participant (call_id)`.execute(db)

  await sql`create table consult_verification (
    id uuid primary key,
    call_id uuid not null references consult_call (id),
    participant_id uuid not null references consult_participant (id),
    account_id uuid not null references account (id),
    result text not null check (result in ('match', 'mismatch')),
    at timestamptz not null
  )`.execute(db)

  // Reserved for guests (interpreter, carer): a one-time link plus an email code, both stored
  // hashed. Nothing writes it yet (consult/README.md, "Guests").
  await sql`create table consult_guest (
    id uuid primary key,
    appointment_id uuid not null references appointment (id),
    invited_by uuid not null references account (id),
    link_hash bytea not null unique,
    code_hash bytea,
    account_id uuid references account (id),
    expires_at timestamptz not null,
    used_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz not null
  )`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'consult_guest',
    'consult_verification',
    'consult_participant',
    'consult_call',
    'consult_room',
    'consult_device',
  ])
    await sql`drop table ${sql.table(table)}`.execute(db)
}
