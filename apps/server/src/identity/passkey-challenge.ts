// Single-use WebAuthn challenges bound to one browser (W3C WebAuthn L2 section 13.4.3: random, at
// least 16 bytes, used once). The challenge lives server-side; the browser holds only a random key
// to it in a short-lived __Host- cookie, so a challenge cannot be used from another browser, twice,
// for another purpose, for another session, or after 5 minutes.
import { randomBytes } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type {} from '@fastify/cookie'
import type { Kysely } from 'kysely'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import { generateToken, hashToken, isWellFormedToken } from './tokens.ts'
import type { ChallengePurpose } from './passkey-tables.ts'

export const CHALLENGE_COOKIE = '__Host-tessera-challenge'
export const CHALLENGE_TTL_MS = 5 * 60_000
const CHALLENGE_BYTES = 32

const COOKIE_OPTIONS = { path: '/', httpOnly: true, secure: true, sameSite: 'strict' } as const

export interface IssuedChallenge {
  /** base64url, as it comes back in clientDataJSON. */
  value: string
  bytes: Uint8Array<ArrayBuffer>
}

export type TakenChallenge =
  | { ok: true; value: string }
  | {
      ok: false
      reason: 'no-challenge' | 'unknown-challenge' | 'wrong-purpose' | 'wrong-session' | 'expired'
    }

export class PasskeyChallenges {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async issue(
    reply: FastifyReply,
    purpose: ChallengePurpose,
    sessionId: string | null,
  ): Promise<IssuedChallenge> {
    const now = this.clock.now()
    const key = generateToken()
    const bytes = new Uint8Array(randomBytes(CHALLENGE_BYTES))
    const value = Buffer.from(bytes).toString('base64url')
    // Housekeeping on the way: abandoned ceremonies leave rows that nothing else would delete.
    await this.db.deleteFrom('passkey_challenge').where('expires_at', '<=', now).execute()
    await this.db
      .insertInto('passkey_challenge')
      .values({
        id: hashToken(key),
        challenge: value,
        purpose,
        session_id: sessionId,
        created_at: now,
        expires_at: new Date(now.getTime() + CHALLENGE_TTL_MS),
      })
      .execute()
    reply.setCookie(CHALLENGE_COOKIE, key, { ...COOKIE_OPTIONS, maxAge: CHALLENGE_TTL_MS / 1000 })
    return { value, bytes }
  }

  /**
   * Takes this browser's pending challenge: the row is deleted in the same statement that reads
   * it, so two requests racing with one cookie cannot both get it. The cookie is cleared too.
   */
  async take(
    req: FastifyRequest,
    reply: FastifyReply,
    purpose: ChallengePurpose,
    sessionId: string | null,
  ): Promise<TakenChallenge> {
    reply.clearCookie(CHALLENGE_COOKIE, COOKIE_OPTIONS)
    const key = req.cookies[CHALLENGE_COOKIE]
    if (!key || !isWellFormedToken(key)) return { ok: false, reason: 'no-challenge' }
    const row = await this.db
      .deleteFrom('passkey_challenge')
      .where('id', '=', hashToken(key))
      .returning(['challenge', 'purpose', 'session_id', 'expires_at'])
      .executeTakeFirst()
    if (!row) return { ok: false, reason: 'unknown-challenge' }
    if (row.purpose !== purpose) return { ok: false, reason: 'wrong-purpose' }
    if (row.session_id !== sessionId) return { ok: false, reason: 'wrong-session' }
    if (this.clock.now().getTime() >= row.expires_at.getTime()) return { ok: false, reason: 'expired' }
    return { ok: true, value: row.challenge }
  }
}
