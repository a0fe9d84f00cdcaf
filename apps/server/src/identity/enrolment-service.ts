// Adding and removing second factors. Two rules keep enrolment from becoming a bypass (S7, S13):
//   - a partial session (password only) may add a factor only while the account has none yet
//     (the enrolment step of sign-up and of a staff invitation);
//   - on a full session, adding or removing a factor needs a second factor in the last 5 minutes.
// Every change is told to the owner; removing a factor ends the account's other sessions.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Actor } from '../access/actor.ts'
import { STEP_UP_WINDOW_MS } from '../access/route-access.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import type { FactorKind as NoticeFactor } from '../platform/mail/templates.ts'
import { assertEmailCodesAllowed, checkSessionEmailCode, sendSessionEmailCode } from './session-email-code.ts'
import type { IdentityDeps } from './identity-deps.ts'
import { factorState, hasSecondFactor } from './factor-store.ts'
import { generateTotpSecret, totpUri, verifyTotp } from './totp.ts'
import { generateRecoveryCodes } from './recovery-codes.ts'
import { notifyFactorChange } from './notices.ts'
import { TOTP_CONTEXT } from './second-factor-service.ts'
import type { AuthMethod } from './identity-tables.ts'

export interface FactorAdded {
  /** The session's new token when the session was upgraded (first factor) or rotated. */
  token: string | null
  /** Shown once, when the first factor is enrolled. */
  recoveryCodes?: string[]
}

const stepUpNeeded = (): AppError =>
  new AppError('forbidden', 'Confirm it is you with your second factor, then try again.', [
    { path: 'session', message: 'step-up-required' },
  ])

export class EnrolmentService {
  constructor(private readonly deps: IdentityDeps) {}

  /** Throws unless this session may add a factor now (see the rules at the top). */
  async assertMayAddFactor(actor: Actor, db: Kysely<Database> = this.deps.db): Promise<void> {
    if (actor.level === 'partial') {
      if (hasSecondFactor(await factorState(db, actor.accountId))) {
        throw new AppError('unauthenticated', 'Finish signing in with your second factor.', [
          { path: 'session', message: 'mfa-required' },
        ])
      }
      return
    }
    if (!actor.mfaAt || this.deps.clock.now().getTime() - actor.mfaAt.getTime() > STEP_UP_WINDOW_MS)
      throw stepUpNeeded()
  }

  async startTotp(actor: Actor): Promise<{ secret: string; uri: string }> {
    const { db, box, clock } = this.deps
    await this.assertMayAddFactor(actor)
    const existing = await db
      .selectFrom('totp_credential')
      .select('id')
      .where('account_id', '=', actor.accountId)
      .where('confirmed_at', 'is not', null)
      .executeTakeFirst()
    if (existing)
      throw new AppError(
        'conflict',
        'An authenticator app is already set up. Remove it first to set up another.',
      )
    const account = await db
      .selectFrom('account')
      .select('email')
      .where('id', '=', actor.accountId)
      .executeTakeFirstOrThrow()
    const secret = generateTotpSecret()
    await db.transaction().execute(async (tx) => {
      await tx
        .deleteFrom('totp_credential')
        .where('account_id', '=', actor.accountId)
        .where('confirmed_at', 'is', null)
        .execute()
      await tx
        .insertInto('totp_credential')
        .values({
          id: randomUUID(),
          account_id: actor.accountId,
          secret_sealed: box.seal(secret, TOTP_CONTEXT(actor.accountId)),
          created_at: clock.now(),
        })
        .execute()
    })
    return { secret, uri: totpUri({ secret, accountEmail: account.email }) }
  }

  async confirmTotp(actor: Actor, code: string): Promise<FactorAdded> {
    const { db, box, clock } = this.deps
    return db.transaction().execute(async (tx) => {
      await this.assertMayAddFactor(actor, tx)
      const cred = await tx
        .selectFrom('totp_credential')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .where('confirmed_at', 'is', null)
        .forUpdate()
        .executeTakeFirst()
      if (!cred) throw new AppError('invalid', 'Start setting up the authenticator app first.')
      const result = verifyTotp({
        secret: box.open(cred.secret_sealed, TOTP_CONTEXT(actor.accountId)),
        code,
        lastUsedStep: null,
        now: clock.now(),
      })
      if (!result.ok) {
        throw new AppError(
          'invalid',
          'That code is not right. Check the time on your phone and try the newest code.',
          [{ path: 'body/code', message: 'not right' }],
        )
      }
      await tx
        .updateTable('totp_credential')
        .set({ confirmed_at: clock.now(), last_used_step: result.step })
        .where('id', '=', cred.id)
        .execute()
      return this.factorAdded(actor, 'totp', 'authenticator-app', tx)
    })
  }

  /** Email codes as a factor: proven by a code sent to the account's address. */
  async startEmailCode(actor: Actor): Promise<void> {
    await assertEmailCodesAllowed(this.deps, actor)
    await this.assertMayAddFactor(actor)
    await sendSessionEmailCode(this.deps, actor)
  }

  async confirmEmailCode(actor: Actor, code: string): Promise<FactorAdded> {
    const { db, clock } = this.deps
    await checkSessionEmailCode(this.deps, actor, code)
    return db.transaction().execute(async (tx) => {
      await this.assertMayAddFactor(actor, tx)
      await tx
        .insertInto('email_mfa_enrolment')
        .values({ account_id: actor.accountId, created_at: clock.now() })
        .onConflict((oc) => oc.doNothing())
        .execute()
      return this.factorAdded(actor, 'email-code', 'email-code', tx)
    })
  }

  /**
   * Bookkeeping after any factor is added (passkeys call this too): the first factor brings
   * recovery codes and completes the sign-in; every addition is told to the owner.
   */
  async factorAdded(
    actor: Actor,
    method: AuthMethod,
    notice: NoticeFactor,
    tx: Kysely<Database>,
  ): Promise<FactorAdded> {
    let recoveryCodes: string[] | undefined
    const codes = await tx
      .selectFrom('recovery_code')
      .select('code_hash')
      .where('account_id', '=', actor.accountId)
      .executeTakeFirst()
    if (!codes) {
      const issued = generateRecoveryCodes(actor.accountId)
      await tx
        .insertInto('recovery_code')
        .values(issued.hashes.map((code_hash) => ({ account_id: actor.accountId, code_hash })))
        .execute()
      recoveryCodes = issued.codes
    }
    const token =
      actor.level === 'partial' ? await this.deps.sessions.upgrade(actor.sessionId, method, tx) : null
    await notifyFactorChange(this.deps, actor.accountId, 'added', notice, tx)
    return { token, ...(recoveryCodes ? { recoveryCodes } : {}) }
  }

  async regenerateRecoveryCodes(actor: Actor): Promise<string[]> {
    const issued = generateRecoveryCodes(actor.accountId)
    await this.deps.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('recovery_code').where('account_id', '=', actor.accountId).execute()
      await tx
        .insertInto('recovery_code')
        .values(issued.hashes.map((code_hash) => ({ account_id: actor.accountId, code_hash })))
        .execute()
    })
    await notifyFactorChange(this.deps, actor.accountId, 'added', 'recovery-codes')
    return issued.codes
  }

  /** Removes a factor (never the last one); ends the other sessions and rotates this one (S15). */
  async removeFactor(actor: Actor, kind: 'totp' | 'email-code' | 'passkey', id: string): Promise<string> {
    const { db, sessions } = this.deps
    const token = await db.transaction().execute(async (tx) => {
      const removed =
        kind === 'totp'
          ? await tx
              .deleteFrom('totp_credential')
              .where('account_id', '=', actor.accountId)
              .executeTakeFirst()
          : kind === 'email-code'
            ? await tx
                .deleteFrom('email_mfa_enrolment')
                .where('account_id', '=', actor.accountId)
                .executeTakeFirst()
            : await tx
                .deleteFrom('webauthn_credential')
                .where('account_id', '=', actor.accountId)
                .where('id', '=', id)
                .executeTakeFirst()
      if (Number(removed.numDeletedRows) === 0) throw new AppError('not-found', 'No such sign-in method.')
      if (!hasSecondFactor(await factorState(tx, actor.accountId))) {
        throw new AppError('conflict', 'This is your only second factor. Add another before removing it.')
      }
      await sessions.revokeAll(actor.accountId, 'factor-removed', actor.sessionId, tx)
      return sessions.rotate(actor.sessionId, tx)
    })
    await notifyFactorChange(
      this.deps,
      actor.accountId,
      'removed',
      kind === 'totp' ? 'authenticator-app' : kind,
    )
    return token
  }
}
