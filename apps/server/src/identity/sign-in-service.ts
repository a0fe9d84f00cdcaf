// The first factor: email and password. Unknown emails, wrong passwords, locked and disabled
// accounts all get the same answer in about the same time (S10). The session it makes is
// `partial`: it can finish MFA or enrol a factor, and reach nothing else (S7).
import type { SignInResult } from '@tessera/contracts'
import { AppError } from '../platform/errors.ts'
import type { IdentityDeps } from './identity-deps.ts'
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password-hash.ts'
import { clearFailures, isLocked, recordFailure } from './lockout.ts'
import { factorState, hasSecondFactor, usableFactors } from './factor-store.ts'

export const BAD_CREDENTIALS = 'The email or password is not right.'

export interface ClientMeta {
  ip: string | null
  userAgent: string | null
}

export class SignInService {
  constructor(private readonly deps: IdentityDeps) {}

  async withPassword(
    email: string,
    password: string,
    meta: ClientMeta,
  ): Promise<SignInResult & { token: string; subject: { id: string; role: string } }> {
    const { db, clock, sessions, settings } = this.deps
    const account = await db
      .selectFrom('account')
      .select(['id', 'password_hash', 'disabled_at', 'locked_until', 'email_verified_at', 'role'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst()
    const now = clock.now()
    if (!account?.password_hash) {
      await verifyAgainstDummy(password)
      throw badCredentials()
    }
    const verdict = await verifyPassword(account.password_hash, password)
    // A locked or disabled account answers exactly like a wrong password (no enumeration).
    if (!verdict.ok || isLocked(account.locked_until, now) || account.disabled_at) {
      if (!verdict.ok) await recordFailure(this.deps, account.id)
      throw Object.assign(badCredentials(), { subject: { id: account.id, role: account.role } })
    }
    if (!account.email_verified_at) {
      throw new AppError('forbidden', 'Confirm your email address first: use the link we sent you.', [
        { path: 'body/email', message: 'not verified' },
      ])
    }
    await clearFailures(this.deps, account.id)
    if (verdict.needsRehash) {
      await db
        .updateTable('account')
        .set({ password_hash: await hashPassword(password) })
        .where('id', '=', account.id)
        .execute()
    }
    const factors = await factorState(db, account.id)
    const emailAllowed = account.role === 'patient' && (await settings.get()).patientEmailCodeAllowed
    const { token } = await sessions.create({
      accountId: account.id,
      level: 'partial',
      methods: ['password'],
      mfaAt: null,
      ip: meta.ip,
      userAgent: meta.userAgent,
    })
    const subject = { id: account.id, role: account.role }
    return hasSecondFactor(factors)
      ? { token, subject, next: 'mfa', factors: usableFactors(factors, emailAllowed) }
      : { token, subject, next: 'enrol', factors: [] }
  }
}

function badCredentials(): AppError {
  return new AppError('unauthenticated', BAD_CREDENTIALS, [{ path: 'body', message: 'bad credentials' }])
}
