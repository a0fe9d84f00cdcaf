// Server-side sessions (S14-S16): an opaque 256-bit token in a __Host- cookie, stored hashed;
// idle timeout by role, absolute timeout, revocation that takes effect on the next request.
import { randomUUID } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type {} from '@fastify/cookie'
import type { CompiledQuery, InferResult, Kysely } from 'kysely'
import type { Config } from '../platform/config.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import type { Actor } from '../access/actor.ts'
import type { SessionResolver } from '../access/route-access.ts'
import { generateToken, hashToken, isWellFormedToken } from './tokens.ts'
import type { AuthMethod, SessionLevel } from './identity-tables.ts'
import type { Role } from './account-table.ts'

export const SESSION_COOKIE = '__Host-tessera'
/** last_seen_at is written at most this often: the idle timeout is exact to within this. */
const TOUCH_EVERY_MS = 10_000

export type RevokeReason =
  | 'sign-out'
  | 'signed-out-elsewhere'
  | 'password-changed'
  | 'factor-removed'
  | 'account-disabled'
  | 'replaced'
  | 'role-changed'

export interface NewSession {
  accountId: string
  level: SessionLevel
  methods: AuthMethod[]
  mfaAt: Date | null
  ip: string | null
  userAgent: string | null
}

export interface SessionSummary {
  id: string
  createdAt: Date
  lastSeenAt: Date
  device: string
  ip: string | null
  current: boolean
}

/** "Chrome on Android": enough to recognise a device, no version fingerprint. */
export function describeDevice(userAgent: string | null): string {
  const ua = userAgent ?? ''
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Browser'
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : 'unknown system'
  return `${browser} on ${os}`
}

type SessionRow = InferResult<ReturnType<SessionStore['lookupQuery']>>[number]

export class SessionStore implements SessionResolver {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly config: Pick<
      Config,
      'sessionIdleStaffMinutes' | 'sessionIdlePatientMinutes' | 'sessionAbsoluteHours'
    >,
  ) {}

  idleLimitMs(role: Role): number {
    const minutes =
      role === 'patient' ? this.config.sessionIdlePatientMinutes : this.config.sessionIdleStaffMinutes
    return minutes * 60_000
  }

  /** Creates a session and returns its token (the only time the token exists outside a cookie). */
  async create(input: NewSession, db: Kysely<Database> = this.db): Promise<{ id: string; token: string }> {
    const now = this.clock.now()
    const token = generateToken()
    const id = randomUUID()
    await db
      .insertInto('session')
      .values({
        id,
        token_hash: hashToken(token),
        account_id: input.accountId,
        level: input.level,
        methods: JSON.stringify(input.methods),
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + this.config.sessionAbsoluteHours * 3_600_000),
        mfa_at: input.mfaAt,
        ip: input.ip,
        user_agent: input.userAgent?.slice(0, 300) ?? null,
      })
      .execute()
    return { id, token }
  }

  tokenFrom(req: FastifyRequest): string | null {
    const token = req.cookies[SESSION_COOKIE]
    return token && isWellFormedToken(token) ? token : null
  }

  async resolve(req: FastifyRequest): Promise<Actor | null> {
    const token = this.tokenFrom(req)
    return token ? this.resolveToken(token) : null
  }

  /**
   * The session lookup runs on every request: built and compiled once, then run with the token's
   * hash as its one parameter (a third of the lookup's CPU was Kysely building the same query).
   */
  private lookupQuery() {
    return this.db
      .selectFrom('session')
      .innerJoin('account', 'account.id', 'session.account_id')
      .select([
        'session.id',
        'session.level',
        'session.methods',
        'session.mfa_at',
        'session.last_seen_at',
        'session.expires_at',
        'session.revoked_at',
        'account.id as account_id',
        'account.role',
        'account.is_prescriber',
        'account.is_specialist',
        'account.disabled_at',
      ])
      .where('session.token_hash', '=', '')
  }
  private compiledLookup: CompiledQuery<SessionRow> | undefined

  async resolveToken(token: string): Promise<Actor | null> {
    this.compiledLookup ??= this.lookupQuery().compile() as CompiledQuery<SessionRow>
    const result = await this.db.executeQuery<SessionRow>({
      ...this.compiledLookup,
      parameters: [hashToken(token)],
    })
    const row = result.rows[0]
    if (!row || row.revoked_at || row.disabled_at) return null
    const now = this.clock.now().getTime()
    if (now >= row.expires_at.getTime()) return null
    if (now - row.last_seen_at.getTime() > this.idleLimitMs(row.role)) return null
    if (now - row.last_seen_at.getTime() >= TOUCH_EVERY_MS) {
      await this.db
        .updateTable('session')
        .set({ last_seen_at: new Date(now) })
        .where('id', '=', row.id)
        .execute()
    }
    return {
      accountId: row.account_id,
      role: row.role,
      prescriber: row.is_prescriber,
      specialist: row.is_specialist,
      sessionId: row.id,
      level: row.level,
      methods: row.methods,
      mfaAt: row.mfa_at,
    }
  }

  /** A second factor was checked: full level, fresh step-up time, and a NEW token (no fixation). */
  async upgrade(sessionId: string, method: AuthMethod, db: Kysely<Database> = this.db): Promise<string> {
    const token = generateToken()
    const current = await db
      .selectFrom('session')
      .select('methods')
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow()
    const methods = [...new Set([...current.methods, method])]
    await db
      .updateTable('session')
      .set({
        level: 'full',
        mfa_at: this.clock.now(),
        token_hash: hashToken(token),
        methods: JSON.stringify(methods),
        challenge: null,
        email_code: null,
      })
      .where('id', '=', sessionId)
      .execute()
    return token
  }

  /** A new token for the same session (after a privilege or factor change), nothing else changes. */
  async rotate(sessionId: string, db: Kysely<Database> = this.db): Promise<string> {
    const token = generateToken()
    await db
      .updateTable('session')
      .set({ token_hash: hashToken(token) })
      .where('id', '=', sessionId)
      .execute()
    return token
  }

  async revoke(sessionId: string, reason: RevokeReason, db: Kysely<Database> = this.db): Promise<void> {
    await db
      .updateTable('session')
      .set({ revoked_at: this.clock.now(), revoke_reason: reason })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute()
  }

  /** Ends every session of an account, optionally keeping one (the caller's). */
  async revokeAll(
    accountId: string,
    reason: RevokeReason,
    keepSessionId?: string,
    db: Kysely<Database> = this.db,
  ): Promise<number> {
    let q = db
      .updateTable('session')
      .set({ revoked_at: this.clock.now(), revoke_reason: reason })
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
    if (keepSessionId) q = q.where('id', '!=', keepSessionId)
    return Number((await q.executeTakeFirst()).numUpdatedRows)
  }

  async list(accountId: string, currentSessionId: string): Promise<SessionSummary[]> {
    const now = this.clock.now()
    const rows = await this.db
      .selectFrom('session')
      .select(['id', 'created_at', 'last_seen_at', 'user_agent', 'ip'])
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('last_seen_at', 'desc')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      device: describeDevice(r.user_agent),
      ip: r.ip,
      current: r.id === currentSessionId,
    }))
  }

  setCookie(reply: FastifyReply, token: string): void {
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      maxAge: this.config.sessionAbsoluteHours * 3600,
    })
  }

  clearCookie(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'strict' })
  }
}
