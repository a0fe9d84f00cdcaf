// Checking a second factor (TOTP, emailed code, recovery code) for a signed-in session: completes a
// partial sign-in, or refreshes the step-up time of a full one. Each success rotates the session
// token (no fixation); failures count against the account like password failures (S10, S11).
import type { Kysely } from 'kysely'
import type { Actor } from '../access/actor.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import { addressed, mfaCodeEmail } from '../platform/mail/templates.ts'
import { notifyFactorChange } from './notices.ts'
import type { IdentityDeps } from './identity-deps.ts'
import { verifyTotp } from './totp.ts'
import { findRecoveryCode } from './recovery-codes.ts'
import { issueEmailCode, verifyEmailCode, type EmailCodeState } from './email-code.ts'
import { recordFailure } from './lockout.ts'

export const TOTP_CONTEXT = (accountId: string): string => `totp:${accountId}`
const WRONG_CODE = 'That code is not right. Check it and try again.'

export class SecondFactorService {
  constructor(private readonly deps: IdentityDeps) {}

  async verifyTotp(actor: Actor, code: string): Promise<string> {
    const { db, box, clock } = this.deps
    return this.withFailureCount(
      actor,
      async (tx) => {
        const cred = await tx
          .selectFrom('totp_credential')
          .selectAll()
          .where('account_id', '=', actor.accountId)
          .where('confirmed_at', 'is not', null)
          .forUpdate()
          .executeTakeFirst()
        if (!cred) throw new AppError('invalid', 'No authenticator app is set up for this account.')
        const result = verifyTotp({
          secret: box.open(cred.secret_sealed, TOTP_CONTEXT(actor.accountId)),
          code,
          lastUsedStep: cred.last_used_step === null ? null : Number(cred.last_used_step),
          now: clock.now(),
        })
        if (!result.ok) {
          const message =
            result.reason === 'reused' ? 'That code was already used. Wait for the next one.' : WRONG_CODE
          throw new AppError('invalid', message, [{ path: 'body/code', message }])
        }
        await tx
          .updateTable('totp_credential')
          .set({ last_used_step: result.step })
          .where('id', '=', cred.id)
          .execute()
        return this.deps.sessions.upgrade(actor.sessionId, 'totp', tx)
      },
      db,
    )
  }

  /** Sends a 6-digit code to the account's address (patients, where the clinic allows it). */
  async sendEmailCode(actor: Actor): Promise<void> {
    const { db, clock, mail, settings } = this.deps
    if (actor.role !== 'patient' || !(await settings.get()).patientEmailCodeAllowed) {
      throw new AppError('forbidden', 'Email codes are not available for this account.')
    }
    const account = await db
      .selectFrom('account')
      .select('email')
      .where('id', '=', actor.accountId)
      .executeTakeFirstOrThrow()
    const issued = issueEmailCode(clock.now())
    await db
      .updateTable('session')
      .set({
        email_code: JSON.stringify({ ...issued.state, expiresAt: issued.state.expiresAt.toISOString() }),
      })
      .where('id', '=', actor.sessionId)
      .execute()
    await mail.send(addressed(account.email, mfaCodeEmail({ code: issued.code })))
  }

  async verifyEmailCode(actor: Actor, code: string): Promise<string> {
    const { db, clock } = this.deps
    const row = await db
      .selectFrom('session')
      .select('email_code')
      .where('id', '=', actor.sessionId)
      .executeTakeFirstOrThrow()
    if (!row.email_code)
      throw new AppError('invalid', 'Ask for a code first.', [{ path: 'body/code', message: 'no code sent' }])
    const stored = row.email_code as unknown as Omit<EmailCodeState, 'expiresAt'> & { expiresAt: string }
    const result = verifyEmailCode({ ...stored, expiresAt: new Date(stored.expiresAt) }, code, clock.now())
    // The attempt is counted whatever the outcome: at most 5 tries per code.
    await db
      .updateTable('session')
      .set({ email_code: JSON.stringify(result.state) })
      .where('id', '=', actor.sessionId)
      .execute()
    if (result.outcome !== 'ok') {
      const message =
        result.outcome === 'expired'
          ? 'That code has expired. Ask for a new one.'
          : result.outcome === 'locked'
            ? 'Too many wrong codes. Ask for a new one.'
            : result.outcome === 'used'
              ? 'That code was already used. Ask for a new one.'
              : WRONG_CODE
      await recordFailure(this.deps, actor.accountId)
      throw new AppError('invalid', message, [{ path: 'body/code', message }])
    }
    return this.withFailureCount(
      actor,
      (tx) => this.deps.sessions.upgrade(actor.sessionId, 'email-code', tx),
      db,
    )
  }

  async verifyRecoveryCode(actor: Actor, code: string): Promise<string> {
    const { db, clock } = this.deps
    const token = await this.withFailureCount(
      actor,
      async (tx) => {
        const rows = await tx
          .selectFrom('recovery_code')
          .select('code_hash')
          .where('account_id', '=', actor.accountId)
          .where('used_at', 'is', null)
          .forUpdate()
          .execute()
        const match = findRecoveryCode(
          code,
          actor.accountId,
          rows.map((r) => r.code_hash),
        )
        if (!match.ok)
          throw new AppError('invalid', WRONG_CODE, [
            { path: 'body/code', message: 'not a valid recovery code' },
          ])
        await tx
          .updateTable('recovery_code')
          .set({ used_at: clock.now() })
          .where('account_id', '=', actor.accountId)
          .where('code_hash', '=', match.hash)
          .execute()
        return this.deps.sessions.upgrade(actor.sessionId, 'recovery-code', tx)
      },
      db,
    )
    // Using a recovery code is worth telling the owner about (S13).
    await notifyFactorChange(this.deps, actor.accountId, 'used', 'recovery-codes')
    return token
  }

  /** Runs a verification; on a wrong code counts a failure (after the rollback) and rethrows. */
  private async withFailureCount<T>(
    actor: Actor,
    work: (tx: Kysely<Database>) => Promise<T>,
    db: Kysely<Database>,
  ): Promise<T> {
    try {
      const result = await db.transaction().execute(work)
      await db
        .updateTable('account')
        .set({ failed_sign_ins: 0, locked_until: null })
        .where('id', '=', actor.accountId)
        .execute()
      return result
    } catch (err) {
      if (
        err instanceof AppError &&
        err.code === 'invalid' &&
        err.details.some((d) => d.path === 'body/code')
      ) {
        await recordFailure(this.deps, actor.accountId)
      }
      throw err
    }
  }
}
