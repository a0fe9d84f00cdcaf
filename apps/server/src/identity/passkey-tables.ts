import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>

export type ChallengePurpose = 'register' | 'sign-in' | 'step-up'

export interface PasskeyChallengeTable {
  /** SHA-256 of the cookie value: a copy of the table cannot be turned back into a cookie. */
  id: string
  /** The challenge sent to the browser, base64url (32 random bytes). */
  challenge: string
  purpose: ChallengePurpose
  /** The session a registration or step-up belongs to; null for a sign-in. */
  session_id: string | null
  created_at: Timestamp
  expires_at: Timestamp
}
