import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>

export interface TotpCredentialTable {
  id: string
  account_id: string
  /** The shared secret, sealed with the server's secret box (never stored in clear). */
  secret_sealed: string
  /** RFC 6238 time step of the last accepted code: a code at or before it is a replay. */
  last_used_step: ColumnType<string | null, string | number | null, string | number | null>
  confirmed_at: NullableTimestamp
  created_at: Timestamp
}

export interface WebauthnCredentialTable {
  id: string
  account_id: string
  public_key: Uint8Array
  counter: ColumnType<string, string | number, string | number>
  transports: ColumnType<string[], string, string>
  device_type: string
  backed_up: boolean
  label: string
  created_at: Timestamp
  last_used_at: NullableTimestamp
}

export interface RecoveryCodeTable {
  account_id: string
  code_hash: string
  used_at: NullableTimestamp
}

export interface EmailMfaEnrolmentTable {
  account_id: string
  created_at: Timestamp
}

export type SessionLevel = 'partial' | 'full'
export type AuthMethod =
  'password' | 'totp' | 'passkey' | 'email-code' | 'recovery-code' | 'oidc' | 'oidc-mfa'

export interface SessionTable {
  id: string
  token_hash: string
  account_id: string
  /** partial: first factor only (may only finish MFA or enrol); full: may reach patient data. */
  level: SessionLevel
  methods: ColumnType<AuthMethod[], string, string>
  created_at: Timestamp
  last_seen_at: Timestamp
  /** Absolute expiry (12 h from sign-in). */
  expires_at: Timestamp
  /** When a second factor was last checked: step-up needs it within 5 minutes (S17). */
  mfa_at: NullableTimestamp
  ip: string | null
  user_agent: string | null
  /** The pending WebAuthn challenge of this browser, single use. */
  challenge: string | null
  /** Pending email code: hash, expiry, attempts (never the code). */
  email_code: ColumnType<Record<string, unknown> | null, string | null, string | null>
  revoked_at: NullableTimestamp
  revoke_reason: string | null
}

export type EmailTokenPurpose = 'verify-email' | 'reset-password' | 'invitation'

export interface EmailTokenTable {
  id: Generated<string>
  token_hash: string
  purpose: EmailTokenPurpose
  account_id: string | null
  data: ColumnType<Record<string, unknown>, string, string>
  expires_at: Timestamp
  used_at: NullableTimestamp
  created_at: Timestamp
}
