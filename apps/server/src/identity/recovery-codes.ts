// Recovery codes: the way back in when the second factor is lost (JOURNEYS.md patient step 1: shown
// once, "download" and "I saved them"). They replace the second factor only, never the password, so
// recovery cannot bypass MFA (SECURITY.md S13); each code works once and using one should trigger a
// factor-change notice.
//
// Why SHA-256 and not argon2 for storage: argon2 exists to make guessing a *human-chosen* secret
// slow. These codes are 60 bits drawn uniformly from crypto.randomBytes, so there is no dictionary to
// try first. Each hash is also bound to its account (below), so a stolen table cannot be attacked for
// all users at once: finding one of a user's ten codes offline still takes about 2^56 SHA-256
// evaluations for that one user, and the code alone does not sign anyone in (the password, under
// argon2, is still needed). Online, S10's attempt limits apply. Argon2 on every attempt would instead
// cost ~10 slow hashes per try (one per stored code) and hand attackers a cheap CPU exhaustion lever.
import { createHash, randomBytes } from 'node:crypto'
import { constantTimeEqual } from './tokens.ts'

export const RECOVERY_CODE_COUNT = 10

/**
 * Crockford's base32 alphabet, lowercase: digits and letters without i, l, o, u, so nothing reads as
 * another symbol (0/o, 1/l/i) when copied from paper. 32 symbols = 5 bits each.
 */
export const RECOVERY_CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const GROUPS = 3
const GROUP_LENGTH = 4
const SYMBOLS = GROUPS * GROUP_LENGTH
/** 12 symbols x 5 bits = 60 bits per code (the requirement is at least 50). */
export const RECOVERY_CODE_BITS = SYMBOLS * 5

/** Hash input prefix: a recovery-code hash can never collide with a token or email-code hash. */
const DOMAIN = 'tessera/recovery-code/v1'

/** Letters people type for the symbols Crockford's alphabet leaves out. */
const LOOKALIKES: Readonly<Record<string, string>> = { o: '0', i: '1', l: '1' }

export interface IssuedRecoveryCodes {
  /** For the user, formatted `xxxx-xxxx-xxxx`; shown once, never stored. */
  codes: string[]
  /** For the database, in the same order. */
  hashes: string[]
}

function randomCanonicalCode(): string {
  // 8 random bytes give 64 bits; 12 groups of 5 are taken, so every symbol is uniform.
  let bits = randomBytes(8).readBigUInt64BE()
  let code = ''
  for (let i = 0; i < SYMBOLS; i += 1) {
    code += RECOVERY_CODE_ALPHABET[Number(bits & 31n)] ?? ''
    bits >>= 5n
  }
  return code
}

function format(canonical: string): string {
  const groups: string[] = []
  for (let i = 0; i < SYMBOLS; i += GROUP_LENGTH) groups.push(canonical.slice(i, i + GROUP_LENGTH))
  return groups.join('-')
}

/**
 * What a user typed, reduced to the 12 canonical symbols: case, spaces and dashes ignored, o/i/l read
 * as 0/1. Null when it cannot be a recovery code at all.
 */
export function normaliseRecoveryCode(input: string): string | null {
  if (input.length > 64) return null
  let canonical = ''
  for (const ch of input.toLowerCase()) {
    if (ch === '-' || /\s/.test(ch)) continue
    const symbol = LOOKALIKES[ch] ?? ch
    if (!RECOVERY_CODE_ALPHABET.includes(symbol)) return null
    canonical += symbol
  }
  return canonical.length === SYMBOLS ? canonical : null
}

/**
 * SHA-256 over the domain, the account id and the canonical code (hex). Binding the account makes a
 * row copied to another account useless and stops one guess being tested against every user.
 */
export function hashRecoveryCode(code: string, accountId: string): string {
  const canonical = normaliseRecoveryCode(code)
  if (canonical === null) throw new RangeError('not a recovery code')
  return createHash('sha256').update(`${DOMAIN}\0${accountId}\0${canonical}`, 'utf8').digest('hex')
}

/** A new set of codes for an account; storing the hashes should replace (not add to) any old set. */
export function generateRecoveryCodes(accountId: string): IssuedRecoveryCodes {
  const canonical = new Set<string>()
  while (canonical.size < RECOVERY_CODE_COUNT) canonical.add(randomCanonicalCode())
  const codes = [...canonical].map(format)
  return { codes, hashes: codes.map((code) => hashRecoveryCode(code, accountId)) }
}

export type RecoveryCodeMatch = { ok: true; index: number; hash: string } | { ok: false }

/**
 * Checks a typed code against the account's unused code hashes and says which one matched, so the
 * caller can mark exactly that one used (in the same transaction as accepting it: single use).
 * Every stored hash is compared, so timing does not reveal the position of a match.
 */
export function findRecoveryCode(
  input: string,
  accountId: string,
  unusedHashes: readonly string[],
): RecoveryCodeMatch {
  const canonical = normaliseRecoveryCode(input)
  if (canonical === null) return { ok: false }
  const candidate = hashRecoveryCode(canonical, accountId)
  let match: RecoveryCodeMatch = { ok: false }
  unusedHashes.forEach((hash, index) => {
    if (constantTimeEqual(candidate, hash) && !match.ok) match = { ok: true, index, hash }
  })
  return match
}
