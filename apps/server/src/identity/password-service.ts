// Forgotten passwords and password changes. A reset changes the password and nothing else: it never
// signs in and never skips the second factor (S13); it ends every session (S15) and tells the owner.
// Asking for a reset answers the same for every address (S10).
import type { Actor } from '../access/actor.ts'
import { AppError } from '../platform/errors.ts'
import { addressed, passwordChangedNotice, passwordResetEmail } from '../platform/mail/templates.ts'
import type { IdentityDeps } from './identity-deps.ts'
import { hashPassword, verifyPassword } from './password-hash.ts'
import { recordFailure } from './lockout.ts'
import {
  countRecentEmailTokens,
  emailLink,
  findEmailToken,
  invalidLink,
  issueEmailToken,
  markEmailTokenUsed,
  passwordRefused,
  retireEmailTokens,
} from './registration-email-tokens.ts'

export const RESET_TTL_MS = 30 * 60_000
/** Reset emails one account can be sent per window, so nobody can flood a mailbox with them. */
const RESETS_PER_WINDOW = 3
const RESET_WINDOW_MS = 15 * 60_000

/** The one answer to every reset request, whatever the address. */
export const RESET_REQUESTED_MESSAGE =
  'If an account uses this address, we sent it a link to choose a new password. The link works for 30 minutes.'

export class PasswordService {
  constructor(private readonly deps: IdentityDeps) {}

  async requestReset(email: string): Promise<void> {
    const { db, clock, mail } = this.deps
    const account = await db
      .selectFrom('account')
      .select(['id', 'email', 'disabled_at'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst()
    // A disabled account stays disabled: a reset link is not a way back in.
    if (!account || account.disabled_at) return
    const now = clock.now()
    const since = new Date(now.getTime() - RESET_WINDOW_MS)
    if ((await countRecentEmailTokens(db, account.id, 'reset-password', since)) >= RESETS_PER_WINDOW) return
    const issued = await db.transaction().execute(async (tx) => {
      // Only the newest link works.
      await retireEmailTokens(tx, account.id, ['reset-password'], now)
      return issueEmailToken(tx, {
        purpose: 'reset-password',
        accountId: account.id,
        data: {},
        now,
        ttlMs: RESET_TTL_MS,
      })
    })
    const link = emailLink(this.deps.publicUrl(), 'reset-password', issued.token)
    await mail.send(
      addressed(account.email, passwordResetEmail({ link, expiresInMinutes: RESET_TTL_MS / 60_000 })),
    )
  }

  /** Sets the new password from a reset link. Returns nothing: the person signs in afterwards. */
  async completeReset(token: string, password: string): Promise<void> {
    const { db, clock, sessions, passwordPolicy } = this.deps
    const pending = await findEmailToken(db, 'reset-password', token, clock.now())
    if (!pending?.accountId) throw invalidLink()
    const accountId = pending.accountId
    const account = await db
      .selectFrom('account')
      .select(['email', 'disabled_at'])
      .where('id', '=', accountId)
      .executeTakeFirst()
    if (!account || account.disabled_at) throw invalidLink()
    // Checked before the link is used up, so a refused password leaves the link working.
    const verdict = await passwordPolicy.check(password, { email: account.email })
    if (!verdict.ok) throw passwordRefused('body/password', verdict.message)
    const passwordHash = await hashPassword(password)
    await db.transaction().execute(async (tx) => {
      const now = clock.now()
      const row = await findEmailToken(tx, 'reset-password', token, now, true)
      if (row?.id !== pending.id) throw invalidLink()
      await markEmailTokenUsed(tx, row.id, now)
      await tx
        .updateTable('account')
        .set((eb) => ({
          password_hash: passwordHash,
          password_changed_at: now,
          failed_sign_ins: 0,
          locked_until: null,
          // Opening the link proved the mailbox, as a verification link would have.
          email_verified_at: eb.fn.coalesce('email_verified_at', eb.val(now)),
        }))
        .where('id', '=', accountId)
        .execute()
      // Older reset links, and verification links that would set a password of their own, stop working.
      await retireEmailTokens(tx, accountId, ['reset-password', 'verify-email'], now)
      await sessions.revokeAll(accountId, 'password-changed', undefined, tx)
    })
    await this.notifyChanged(account.email)
  }

  /**
   * The signed-in owner changes their password: the current one is checked, every other session
   * ends, and this session gets a new token. Returns that token (for the cookie).
   */
  async change(actor: Actor, currentPassword: string, newPassword: string): Promise<string> {
    const { db, clock, sessions, passwordPolicy } = this.deps
    const account = await db
      .selectFrom('account')
      .select(['email', 'password_hash'])
      .where('id', '=', actor.accountId)
      .executeTakeFirstOrThrow()
    const verdict = account.password_hash
      ? await verifyPassword(account.password_hash, currentPassword)
      : null
    if (!verdict?.ok) {
      // Counts like a failed sign-in: a borrowed session is not a free password oracle (S10).
      if (verdict) await recordFailure(this.deps, actor.accountId)
      throw new AppError('invalid', 'Your current password is not right.', [
        { path: 'body/currentPassword', message: 'not right' },
      ])
    }
    const policy = await passwordPolicy.check(newPassword, { email: account.email })
    if (!policy.ok) throw passwordRefused('body/newPassword', policy.message)
    const passwordHash = await hashPassword(newPassword)
    const token = await db.transaction().execute(async (tx) => {
      const now = clock.now()
      await tx
        .updateTable('account')
        .set({
          password_hash: passwordHash,
          password_changed_at: now,
          failed_sign_ins: 0,
          locked_until: null,
        })
        .where('id', '=', actor.accountId)
        .execute()
      await retireEmailTokens(tx, actor.accountId, ['reset-password'], now)
      await sessions.revokeAll(actor.accountId, 'password-changed', actor.sessionId, tx)
      return sessions.rotate(actor.sessionId, tx)
    })
    await this.notifyChanged(account.email)
    return token
  }

  private async notifyChanged(email: string): Promise<void> {
    const { mail, clock, config } = this.deps
    const notice = passwordChangedNotice({
      at: clock.now(),
      timeZone: config.clinicTimeZone,
      resetUrl: `${this.deps.publicUrl()}/forgot-password`,
    })
    await mail.send(addressed(email, notice))
  }
}
