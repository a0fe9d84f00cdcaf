// The vault's key hierarchy (vault/README.md): master key versions (material held by the key
// provider, never here) and per-patient keys wrapped by one of them. Crypto-shredding clears a
// patient's wrapped keys and keeps the erasure date, so later reads answer "erased", not "missing".
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table vault_master_key (
    version integer primary key check (version >= 1),
    state text not null check (state in ('pending', 'active', 'retired')),
    check_value text,
    created_at timestamptz not null,
    rewrapped_at timestamptz,
    retired_at timestamptz,
    destroyed_at timestamptz
  )`.execute(db)

  await sql`create table vault_patient_key (
    patient_id uuid not null,
    version integer not null check (version >= 1),
    master_version integer references vault_master_key (version),
    wrapped text,
    created_at timestamptz not null,
    rewrapped_at timestamptz,
    erased_at timestamptz,
    primary key (patient_id, version),
    check ((wrapped is null) = (erased_at is not null)),
    check ((wrapped is null) = (master_version is null))
  )`.execute(db)
  await sql`create index vault_patient_key_master on vault_patient_key (master_version)
    where master_version is not null`.execute(db)
}
