// One-time codes sent by email: the "email code" second factor where the clinic allows it
// (JOURNEYS.md patient step 1) and the `mfa-code` mail category. NIST SP 800-63B section 5.1.3
// (out-of-band) and 5.2.2 (rate limiting) shape the numbers: 6 digits, 10 minutes, 5 tries. With 5
// tries per code an attacker's chance per issued code is 5 in 10^6.
//
// Pure logic over a state object the caller stores: every function takes `now` and returns the next
// state instead of writing anything. The caller must persist the returned state before answering, and
// atomically (e.g. `update ... set attempts = $n where attempts = $n - 1`), or parallel guesses could
// each see the same attempt count.
import { createHash, randomInt } from 'node:crypto'
import { constantTimeEqual } from './tokens.ts'

export const EMAIL_CODE_DIGITS = 6
export const EMAIL_CODE_TTL_MS = 10 * 60 * 1000
export const EMAIL_CODE_MAX_ATTEMPTS = 5

const DOMAIN = 'tessera/email-code/v1'

export interface EmailCodeState {
  /** SHA-256 of the code (hex). Not a defence against brute force (there are only 10^6 codes), but
   * it keeps the live code out of database views, backups and anything that prints a row. */
  codeHash: string
  expiresAt: Date
  /** Verifications attempted so far, right or wrong. */
  attempts: number
  /** Set by a successful verification: a code works once. */
  consumed: boolean
}

export interface IssuedEmailCode {
  /** Goes into the email only; never stored, never logged. */
  code: string
  state: EmailCodeState
}

export type EmailCodeOutcome = 'ok' | 'invalid' | 'expired' | 'locked' | 'used'

export interface EmailCodeVerification {
  outcome: EmailCodeOutcome
  /** Store this in place of the old state. */
  state: EmailCodeState
  /** Tries left on this code, for a message such as "2 tries left". */
  remainingAttempts: number
}

function hashCode(code: string): string {
  return createHash('sha256').update(`${DOMAIN}\0${code}`, 'utf8').digest('hex')
}

/**
 * A new code; its state replaces any earlier one for the same account and purpose. A new code brings
 * 5 fresh tries, so the caller must rate-limit issuing and count failures per account across codes
 * (S10), or "send me another code" would become unlimited guessing.
 */
export function issueEmailCode(now: Date): IssuedEmailCode {
  // randomInt is uniform over the range (no modulo bias), from the CSPRNG.
  const code = String(randomInt(0, 10 ** EMAIL_CODE_DIGITS)).padStart(EMAIL_CODE_DIGITS, '0')
  return {
    code,
    state: {
      codeHash: hashCode(code),
      expiresAt: new Date(now.getTime() + EMAIL_CODE_TTL_MS),
      attempts: 0,
      consumed: false,
    },
  }
}

function remaining(state: EmailCodeState): number {
  return Math.max(0, EMAIL_CODE_MAX_ATTEMPTS - state.attempts)
}

/**
 * Checks what the user typed. Order matters: a used, exhausted or expired code is refused before any
 * comparison, so after the 5th wrong try even the right code no longer works.
 * Give the user one message for 'invalid' and a clear "request a new code" for the others.
 */
export function verifyEmailCode(state: EmailCodeState, input: string, now: Date): EmailCodeVerification {
  if (state.consumed) return { outcome: 'used', state, remainingAttempts: 0 }
  if (state.attempts >= EMAIL_CODE_MAX_ATTEMPTS) return { outcome: 'locked', state, remainingAttempts: 0 }
  if (now.getTime() >= state.expiresAt.getTime()) {
    return { outcome: 'expired', state, remainingAttempts: remaining(state) }
  }

  // Every comparison counts as a try, malformed input included: a try is a try.
  const counted = { ...state, attempts: state.attempts + 1 }
  const typed = input.replace(/\s+/g, '')
  const wellFormed = new RegExp(`^\\d{${EMAIL_CODE_DIGITS}}$`).test(typed)
  // Hash-then-compare in constant time, so timing reveals nothing about how many digits were right.
  const matches = constantTimeEqual(hashCode(wellFormed ? typed : ''), state.codeHash) && wellFormed
  if (matches) {
    const next = { ...counted, consumed: true }
    return { outcome: 'ok', state: next, remainingAttempts: 0 }
  }
  if (counted.attempts >= EMAIL_CODE_MAX_ATTEMPTS) {
    return { outcome: 'locked', state: counted, remainingAttempts: 0 }
  }
  return { outcome: 'invalid', state: counted, remainingAttempts: remaining(counted) }
}
