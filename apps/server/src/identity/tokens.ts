// Opaque bearer tokens: sessions, invitations, password-reset links, setup links.
//
// SECURITY.md S16 asks for >= 128-bit random tokens; we use 256 bits so the figure holds with a wide
// margin and a token can double as a lookup key. The server stores only SHA-256(token): a copy of the
// database (or a backup, or an admin reading a table) then yields nothing that can be replayed as a
// cookie or a link. A fast hash is enough here because the input is 256 bits of uniform randomness;
// there is no dictionary to brute force, which is what slow hashes (argon2) exist to resist.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** Bytes of randomness in a token: 256 bits (S16 asks for at least 128). */
export const TOKEN_BYTES = 32

/** base64url without padding of 32 bytes is always 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

/** A new token for the user (cookie value, or the secret part of a link). Never store it as is. */
export function generateToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url')
}

/**
 * Cheap shape check, run before any lookup so garbage from the wire (huge strings, other alphabets)
 * never reaches the database. It says nothing about whether the token exists.
 */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token)
}

/** What the database stores for a token: SHA-256, lowercase hex (64 characters). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/**
 * Compares two secrets without a timing side channel. Both sides are hashed first so that inputs of
 * different lengths still cost the same and `timingSafeEqual` (which throws on a length mismatch)
 * always sees 32 bytes; the length of the expected value therefore does not leak either.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest()
  const db = createHash('sha256').update(b, 'utf8').digest()
  return timingSafeEqual(da, db)
}

/** True when `token` hashes to `storedHash`, compared in constant time. */
export function tokenMatchesHash(token: string, storedHash: string): boolean {
  return constantTimeEqual(hashToken(token), storedHash)
}
