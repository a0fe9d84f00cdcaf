// Emailed one-time codes held on the session that asked for them (sign-in, step-up, enrolment):
// the hash, expiry and tries are stored, never the code (email-code.ts has the rules).
import type { Actor } from '../access/actor.ts'
import { AppError } from '../platform/errors.ts'
import { addressed, mfaCodeEmail } from '../platform/mail/templates.ts'
import type { IdentityDeps } from './identity-deps.ts'
import { issueEmailCode, verifyEmailCode, type EmailCodeOutcome, type EmailCodeState } from './email-code.ts'

const MESSAGES: Record<Exclude<EmailCodeOutcome, 'ok'>, string> = {
  expired: 'That code has expired. Ask for a new one.',
  locked: 'Too many wrong codes. Ask for a new one.',
  used: 'That code was already used. Ask for a new one.',
  invalid: 'That code is not right. Check it and try again.',
}

/** Patients only, and only where the clinic allows emailed codes. */
export async function assertEmailCodesAllowed(deps: IdentityDeps, actor: Actor): Promise<void> {
  if (actor.role !== 'patient' || !(await deps.settings.get()).patientEmailCodeAllowed) {
    throw new AppError('forbidden', 'Email codes are not available for this account.')
  }
}

export async function sendSessionEmailCode(deps: IdentityDeps, actor: Actor): Promise<void> {
  const account = await deps.db
    .selectFrom('account')
    .select('email')
    .where('id', '=', actor.accountId)
    .executeTakeFirstOrThrow()
  const issued = issueEmailCode(deps.clock.now())
  await deps.db
    .updateTable('session')
    .set({ email_code: JSON.stringify(issued.state) })
    .where('id', '=', actor.sessionId)
    .execute()
  await deps.mail.send(addressed(account.email, mfaCodeEmail({ code: issued.code })))
}

/** Checks a code; every attempt counts (at most 5 per code). Throws on anything but a match. */
export async function checkSessionEmailCode(deps: IdentityDeps, actor: Actor, code: string): Promise<void> {
  const row = await deps.db
    .selectFrom('session')
    .select('email_code')
    .where('id', '=', actor.sessionId)
    .executeTakeFirstOrThrow()
  if (!row.email_code)
    throw new AppError('invalid', 'Ask for a code first.', [{ path: 'body/code', message: 'no code sent' }])
  const stored = row.email_code as unknown as Omit<EmailCodeState, 'expiresAt'> & { expiresAt: string }
  const result = verifyEmailCode({ ...stored, expiresAt: new Date(stored.expiresAt) }, code, deps.clock.now())
  await deps.db
    .updateTable('session')
    .set({ email_code: JSON.stringify(result.state) })
    .where('id', '=', actor.sessionId)
    .execute()
  if (result.outcome !== 'ok') {
    const message = MESSAGES[result.outcome]
    throw new AppError('invalid', message, [{ path: 'body/code', message }])
  }
}
