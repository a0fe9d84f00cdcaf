import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>

export type SmartAppType = 'public' | 'confidential'

export interface SmartAppTable {
  /** Random, public: the app sends it in every request. */
  client_id: string
  name: string
  type: SmartAppType
  /** SHA-256 of the confidential app's 256-bit secret (shown once, at registration); null for public apps. */
  secret_hash: string | null
  /** Exact-match redirect URIs (RFC 6749 3.1.2, no prefix or wildcard matching). */
  redirect_uris: ColumnType<string[], string, string>
  /** Space-separated scopes the clinic allows this app to ask for. */
  scopes: string
  created_by: string
  created_at: Timestamp
  disabled_at: NullableTimestamp
}

/** What a person allowed an app: one row per consent, revoked by the person, by reuse detection, or never. */
export interface SmartGrantTable {
  id: string
  account_id: string
  client_id: string
  /** Space-separated granted scopes (already narrowed to the person's role). */
  scopes: string
  /** Launch context (`patient`): the patient's own id for a patient's grant. */
  patient_id: string | null
  created_at: Timestamp
  last_used_at: NullableTimestamp
  revoked_at: NullableTimestamp
  revoke_reason: string | null
}

/** A pending /oauth/authorize request, then its one-time code (60 s). */
export interface SmartAuthorizationTable {
  id: string
  client_id: string
  redirect_uri: string
  state: string
  /** PKCE S256 challenge (RFC 7636 4.2); the plain method is refused. */
  code_challenge: string
  requested_scopes: string
  nonce: string | null
  /** Who is deciding: bound to the first signed-in person who opens the request. */
  account_id: string | null
  created_at: Timestamp
  expires_at: Timestamp
  decided_at: NullableTimestamp
  /** What the person allowed (already narrowed); the grant is made when the code is exchanged. */
  granted_scopes: string | null
  /** The grant the code became: revoked if the code is ever presented again (RFC 6749 4.1.2). */
  grant_id: string | null
  code_hash: string | null
  code_expires_at: NullableTimestamp
  code_used_at: NullableTimestamp
}

export interface SmartRefreshTokenTable {
  token_hash: string
  grant_id: string
  created_at: Timestamp
  expires_at: Timestamp
  /** Set when exchanged: a second use is a replay, which revokes the whole grant. */
  used_at: NullableTimestamp
}

export interface SmartSigningKeyTable {
  version: number
  kid: string
  alg: string
  public_jwk: ColumnType<Record<string, unknown>, string, string>
  /** PKCS#8 PEM sealed with the server's secret box. */
  private_key_sealed: string
  created_at: Timestamp
}
