// Checking a second factor (TOTP, emailed code, recovery code) for a signed-in session: completes a
// partial sign-in, or refreshes the step-up time of a full one. Each success rotates the session
// token (no fixation); failures count against the account like password failures (S10, S11).
import type { Kysely } from 'kysely'
import type { Actor } from '../access/actor.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import { notifyFactorChange } from './notices.ts'
import type { IdentityDeps } from './identity-deps.ts'
import { verifyTotp } from './totp.ts'
import { findRecoveryCode } from './recovery-codes.ts'
import { assertEmailCodesAllowed, checkSessionEmailCode, sendSessionEmailCode } from './session-email-code.ts'
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
    await assertEmailCodesAllowed(this.deps, actor)
    await sendSessionEmailCode(this.deps, actor)
  }

  async verifyEmailCode(actor: Actor, code: string): Promise<string> {
    try {
      await checkSessionEmailCode(this.deps, actor, code)
    } catch (err) {
      await recordFailure(this.deps, actor.accountId)
      throw err
    }
    return this.withFailureCount(
      actor,
      (tx) => this.deps.sessions.upgrade(actor.sessionId, 'email-code', tx),
      this.deps.db,
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
