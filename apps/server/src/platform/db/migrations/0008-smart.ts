// SMART on FHIR (smart/): apps the clinic registered, pending authorisation requests (with their
// one-time code), the grants people gave apps, rotating refresh tokens, and the token signing key.
// Secrets are stored as SHA-256 of 256-bit random values, the signing key sealed by the secret box.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table smart_app (
    client_id text primary key,
    name text not null,
    type text not null check (type in ('public', 'confidential')),
    secret_hash text,
    redirect_uris jsonb not null,
    scopes text not null,
    created_by uuid not null references account (id),
    created_at timestamptz not null,
    disabled_at timestamptz,
    check ((type = 'confidential') = (secret_hash is not null))
  )`.execute(db)

  await sql`create table smart_grant (
    id uuid primary key,
    account_id uuid not null references account (id) on delete cascade,
    client_id text not null references smart_app (client_id),
    scopes text not null,
    patient_id uuid,
    created_at timestamptz not null,
    last_used_at timestamptz,
    revoked_at timestamptz,
    revoke_reason text
  )`.execute(db)
  await sql`create index smart_grant_account on smart_grant (account_id, client_id) where revoked_at is null`.execute(
    db,
  )

  await sql`create table smart_authorization (
    id uuid primary key,
    client_id text not null references smart_app (client_id),
    redirect_uri text not null,
    state text not null,
    code_challenge text not null,
    requested_scopes text not null,
    nonce text,
    account_id uuid references account (id) on delete cascade,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    decided_at timestamptz,
    granted_scopes text,
    grant_id uuid references smart_grant (id),
    code_hash text unique,
    code_expires_at timestamptz,
    code_used_at timestamptz
  )`.execute(db)
  await sql`create index smart_authorization_expiry on smart_authorization (expires_at)`.execute(db)

  await sql`create table smart_refresh_token (
    token_hash text primary key,
    grant_id uuid not null references smart_grant (id) on delete cascade,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz
  )`.execute(db)
  await sql`create index smart_refresh_token_grant on smart_refresh_token (grant_id)`.execute(db)

  await sql`create table smart_signing_key (
    version integer primary key,
    kid text not null unique,
    alg text not null,
    public_jwk jsonb not null,
    private_key_sealed text not null,
    created_at timestamptz not null
  )`.execute(db)
}
