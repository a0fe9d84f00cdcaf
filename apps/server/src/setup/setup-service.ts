// One-time administrator setup links: printed by `tessera start` on an empty database and by
// `tessera create-admin`. Only the token's hash is stored; the link carries the token in the URL
// fragment, which browsers never send to a server or put in a Referer (no secret in any log).
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { CreateFirstAdminBody, CreatedAccount } from '@tessera/contracts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import { generateToken, hashToken } from '../identity/tokens.ts'
import { hashPassword } from '../identity/password-hash.ts'
import type { PasswordPolicy } from '../identity/password-policy.ts'

export const SETUP_LINK_TTL_MS = 24 * 60 * 60 * 1000
const INVALID_LINK =
  'This setup link is not valid: it was already used, has expired, or a newer link replaced it.'

export class SetupService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly passwordPolicy: PasswordPolicy,
  ) {}

  async hasAdmin(): Promise<boolean> {
    const row = await this.db
      .selectFrom('account')
      .select('id')
      .where('role', '=', 'admin')
      .executeTakeFirst()
    return row !== undefined
  }

  /** A new single-use link; any earlier unused link stops working. Returns the token. */
  async issueAdminLink(): Promise<{ token: string; expiresAt: Date }> {
    const now = this.clock.now()
    const token = generateToken()
    const expiresAt = new Date(now.getTime() + SETUP_LINK_TTL_MS)
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('setup_link').set({ used_at: now }).where('used_at', 'is', null).execute()
      await tx
        .insertInto('setup_link')
        .values({
          token_hash: hashToken(token),
          purpose: 'first-admin',
          expires_at: expiresAt,
          created_at: now,
        })
        .execute()
    })
    return { token, expiresAt }
  }

  async createAdmin(body: CreateFirstAdminBody): Promise<CreatedAccount> {
    const verdict = await this.passwordPolicy.check(body.password, { email: body.email })
    if (!verdict.ok)
      throw new AppError('invalid', verdict.message, [{ path: 'body/password', message: verdict.message }])
    const passwordHash = await hashPassword(body.password)
    const now = this.clock.now()
    return this.db.transaction().execute(async (tx) => {
      const link = await tx
        .selectFrom('setup_link')
        .select(['id', 'expires_at'])
        .where('token_hash', '=', hashToken(body.token))
        .where('used_at', 'is', null)
        .forUpdate()
        .executeTakeFirst()
      if (!link || link.expires_at.getTime() <= now.getTime()) {
        throw new AppError('invalid', INVALID_LINK, [{ path: 'body/token', message: 'not valid' }])
      }
      const taken = await tx
        .selectFrom('account')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['email']), '=', body.email.toLowerCase()))
        .executeTakeFirst()
      if (taken) {
        throw new AppError('conflict', 'An account with this email address already exists.', [
          { path: 'body/email', message: 'already in use' },
        ])
      }
      const id = randomUUID()
      await tx
        .insertInto('account')
        .values({
          id,
          email: body.email,
          display_name: body.displayName,
          role: 'admin',
          password_hash: passwordHash,
          // The setup link reached them by a channel only the operator has: the address is theirs.
          email_verified_at: now,
          created_at: now,
        })
        .execute()
      await tx.updateTable('setup_link').set({ used_at: now }).where('id', '=', link.id).execute()
      return { id, email: body.email, role: 'admin' }
    })
  }
}

export function setupLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/setup#t=${token}`
}
