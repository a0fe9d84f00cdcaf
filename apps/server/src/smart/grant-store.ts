// Grants (what a person allowed an app) and their rotating refresh tokens. A grant stops working
// when the person revokes it, the app is disabled, the account is disabled, the password changes
// after it was made (S15), or a refresh token or code is replayed (RFC 6749 10.4, 4.1.2). A member
// of staff's grant also ends when a staff session would (the absolute limit, S14): an app must not
// keep a clinician's access to records overnight. A patient's lasts until they disconnect it.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Role } from '../identity/account-table.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import { generateToken, hashToken } from '../identity/tokens.ts'
import type { OAuthError } from './oauth-errors.ts'
import { splitScopes } from './scope-grant.ts'

/** Each refresh token works once, for 30 days; using it gives a new one (sliding, rotated). */
export const REFRESH_TOKEN_MS = 30 * 24 * 3600 * 1000
/** last_used_at is written at most this often. */
const TOUCH_EVERY_MS = 60_000

export type RevokeReason =
  'user-revoked' | 'client-revoked' | 'app-disabled' | 'refresh-token-reuse' | 'code-reuse'

export interface ActiveGrant {
  id: string
  accountId: string
  role: Role
  prescriber: boolean
  specialist: boolean
  clientId: string
  scopes: string[]
  patientId: string | null
  lastUsedAt: Date | null
}

export type RefreshUse =
  { kind: 'ok'; grantId: string } | { kind: 'replayed'; grantId: string } | { kind: 'invalid' }

export class GrantStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    /** How long a staff member's grant works (the absolute session limit). */
    private readonly staffGrantMs: number,
  ) {}

  async create(input: { accountId: string; clientId: string; scopes: string[]; patientId: string | null }) {
    const id = randomUUID()
    await this.db
      .insertInto('smart_grant')
      .values({
        id,
        account_id: input.accountId,
        client_id: input.clientId,
        scopes: input.scopes.join(' '),
        patient_id: input.patientId,
        created_at: this.clock.now(),
      })
      .execute()
    return id
  }

  /** The grant if it still works (one query: grant, account and app together), else null. */
  async active(grantId: string): Promise<ActiveGrant | null> {
    const row = await this.db
      .selectFrom('smart_grant as g')
      .innerJoin('account as a', 'a.id', 'g.account_id')
      .innerJoin('smart_app as p', 'p.client_id', 'g.client_id')
      .select([
        'g.id',
        'g.client_id',
        'g.scopes',
        'g.patient_id',
        'g.created_at',
        'g.last_used_at',
        'g.revoked_at',
        'a.id as account_id',
        'a.role',
        'a.is_prescriber',
        'a.is_specialist',
        'a.disabled_at',
        'a.password_changed_at',
        'p.disabled_at as app_disabled_at',
      ])
      .where('g.id', '=', grantId)
      .executeTakeFirst()
    if (!row || row.revoked_at || row.disabled_at || row.app_disabled_at) return null
    if (row.password_changed_at && row.password_changed_at > row.created_at) return null
    const age = this.clock.now().getTime() - row.created_at.getTime()
    if (row.role !== 'patient' && age >= this.staffGrantMs) return null
    return {
      id: row.id,
      accountId: row.account_id,
      role: row.role,
      prescriber: row.is_prescriber,
      specialist: row.is_specialist,
      clientId: row.client_id,
      scopes: splitScopes(row.scopes),
      patientId: row.patient_id,
      lastUsedAt: row.last_used_at,
    }
  }

  async touch(grant: ActiveGrant): Promise<void> {
    const now = this.clock.now()
    if (grant.lastUsedAt && now.getTime() - grant.lastUsedAt.getTime() < TOUCH_EVERY_MS) return
    await this.db.updateTable('smart_grant').set({ last_used_at: now }).where('id', '=', grant.id).execute()
  }

  async revoke(grantId: string, reason: RevokeReason): Promise<void> {
    await this.db
      .updateTable('smart_grant')
      .set({ revoked_at: this.clock.now(), revoke_reason: reason })
      .where('id', '=', grantId)
      .where('revoked_at', 'is', null)
      .execute()
  }

  /** Ends a grant because a code or refresh token was replayed: the refusal names whose it was. */
  async revokeReplayed(grantId: string, reason: 'code-reuse' | 'refresh-token-reuse', refusal: OAuthError) {
    await this.revoke(grantId, reason)
    const owner = await this.db
      .selectFrom('smart_grant as g')
      .innerJoin('account as a', 'a.id', 'g.account_id')
      .select(['a.id', 'a.role'])
      .where('g.id', '=', grantId)
      .executeTakeFirst()
    if (owner) refusal.subject = { id: owner.id, role: owner.role }
    refusal.grantId = grantId
    return refusal
  }

  /** The person disconnects an app: all their grants to it. Returns how many ended. */
  async revokeApp(accountId: string, clientId: string): Promise<number> {
    const done = await this.db
      .updateTable('smart_grant')
      .set({ revoked_at: this.clock.now(), revoke_reason: 'user-revoked' })
      .where('account_id', '=', accountId)
      .where('client_id', '=', clientId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return Number(done.numUpdatedRows)
  }

  async issueRefreshToken(grantId: string): Promise<string> {
    const token = generateToken()
    const now = this.clock.now()
    await this.db
      .insertInto('smart_refresh_token')
      .values({
        token_hash: hashToken(token),
        grant_id: grantId,
        created_at: now,
        expires_at: new Date(now.getTime() + REFRESH_TOKEN_MS),
      })
      .execute()
    return token
  }

  /** Spends a refresh token (atomically: of two concurrent uses, one is a replay). */
  async useRefreshToken(token: string): Promise<RefreshUse> {
    const now = this.clock.now()
    const hash = hashToken(token)
    const spent = await this.db
      .updateTable('smart_refresh_token')
      .set({ used_at: now })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('grant_id')
      .executeTakeFirst()
    if (spent) return { kind: 'ok', grantId: spent.grant_id }
    const row = await this.peekRefreshToken(hash)
    return row?.used_at ? { kind: 'replayed', grantId: row.grant_id } : { kind: 'invalid' }
  }

  /** For introspection: the grant and expiry of an unspent, unexpired refresh token. */
  async refreshTokenInfo(
    token: string,
  ): Promise<{ grantId: string; expiresAt: Date; createdAt: Date } | null> {
    const row = await this.peekRefreshToken(hashToken(token))
    if (!row || row.used_at || row.expires_at <= this.clock.now()) return null
    return { grantId: row.grant_id, expiresAt: row.expires_at, createdAt: row.created_at }
  }

  private peekRefreshToken(hash: string) {
    return this.db
      .selectFrom('smart_refresh_token')
      .select(['grant_id', 'used_at', 'expires_at', 'created_at'])
      .where('token_hash', '=', hash)
      .executeTakeFirst()
  }

  /** The person's live connections, newest first. */
  async listForAccount(accountId: string) {
    return this.db
      .selectFrom('smart_grant as g')
      .innerJoin('smart_app as p', 'p.client_id', 'g.client_id')
      .select(['g.client_id', 'p.name', 'g.scopes', 'g.created_at', 'g.last_used_at'])
      .where('g.account_id', '=', accountId)
      .where('g.revoked_at', 'is', null)
      .where('p.disabled_at', 'is', null)
      .orderBy('g.created_at', 'desc')
      .execute()
  }
}
