// Patient self-registration and email verification (JOURNEYS.md patient step 1). The caller learns
// nothing about whether an address has an account (S10): every accepted request does one argon2 hash
// and queues one email, and gets the same answer. Verifying an address never signs anyone in: the
// person signs in with their password next and must then enrol a second factor (S7).
import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { RegisterBody } from '@tessera/contracts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import type { OutgoingMail } from '../platform/mail/mailer.ts'
import { addressed, registrationAttemptNotice, verificationEmail } from '../platform/mail/templates.ts'
import type { IdentityDeps } from './identity-deps.ts'
import { createPatientRecord } from '../fhir/patient-record.ts'
import { hashPassword } from './password-hash.ts'
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

export const VERIFY_EMAIL_TTL_MS = 24 * 3_600_000
/** Verification links one unverified account can be sent per hour (registering again re-sends). */
const VERIFY_LINKS_PER_HOUR = 5

/** The one answer to every accepted registration, whatever the address. */
export const REGISTERED_MESSAGE =
  'Thank you. Check your email: we sent a message to this address with the next step. Its link works for 24 hours.'

export class RegistrationService {
  constructor(private readonly deps: IdentityDeps) {}

  async register(body: RegisterBody): Promise<void> {
    const { db, clock, settings, passwordPolicy, mail } = this.deps
    if (!(await settings.get()).patientSelfRegistration) {
      throw new AppError(
        'forbidden',
        'This clinic does not take registrations online. Please contact the clinic: they can invite you.',
        [{ path: 'body', message: 'self-registration-off' }],
      )
    }
    const verdict = await passwordPolicy.check(body.password, { email: body.email })
    if (!verdict.ok) throw passwordRefused('body/password', verdict.message)
    // Hashed for every address, known or not, so the response time says nothing (S10).
    const passwordHash = await hashPassword(body.password)
    const now = clock.now()
    const message = await db.transaction().execute(async (tx) => {
      const id = randomUUID()
      const created = await tx
        .insertInto('account')
        .values({
          id,
          email: body.email,
          display_name: body.displayName,
          role: 'patient',
          password_hash: passwordHash,
          created_at: now,
        })
        .onConflict((oc) => oc.expression(sql`(lower(email))`).doNothing())
        .returning('id')
        .executeTakeFirst()
      if (created) {
        await createPatientRecord(tx, { id, displayName: body.displayName, email: body.email, now })
        return this.verificationFor(tx, id, body.email, { passwordHash, body })
      }
      return this.answerExisting(tx, body, passwordHash)
    })
    if (message) await mail.send(message)
  }

  /**
   * The address has an account. An unverified patient account gets a fresh verification link that
   * carries THIS registration's password: whoever proves they hold the mailbox by opening a link
   * decides the password, so registering someone else's address first (account pre-hijacking) buys
   * nothing. Any other account's owner is told someone tried, and nothing changes.
   */
  private async answerExisting(
    tx: Kysely<Database>,
    body: RegisterBody,
    passwordHash: string,
  ): Promise<OutgoingMail | null> {
    const { clock } = this.deps
    const existing = await tx
      .selectFrom('account')
      .select(['id', 'email', 'role', 'email_verified_at', 'disabled_at'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', body.email.toLowerCase()))
      .executeTakeFirstOrThrow()
    if (existing.role === 'patient' && !existing.email_verified_at && !existing.disabled_at) {
      const since = new Date(clock.now().getTime() - 3_600_000)
      const sent = await countRecentEmailTokens(tx, existing.id, 'verify-email', since)
      if (sent >= VERIFY_LINKS_PER_HOUR) return null
      return this.verificationFor(tx, existing.id, existing.email, { passwordHash, body })
    }
    const base = this.deps.publicUrl()
    return addressed(
      existing.email,
      registrationAttemptNotice({ signInUrl: `${base}/sign-in`, resetUrl: `${base}/forgot-password` }),
    )
  }

  private async verificationFor(
    tx: Kysely<Database>,
    accountId: string,
    email: string,
    input: { passwordHash: string; body: RegisterBody },
  ): Promise<OutgoingMail> {
    const issued = await issueEmailToken(tx, {
      purpose: 'verify-email',
      accountId,
      data: { passwordHash: input.passwordHash, displayName: input.body.displayName },
      now: this.deps.clock.now(),
      ttlMs: VERIFY_EMAIL_TTL_MS,
    })
    const link = emailLink(this.deps.publicUrl(), 'verify-email', issued.token)
    return addressed(email, verificationEmail({ link, expiresInHours: VERIFY_EMAIL_TTL_MS / 3_600_000 }))
  }

  /** Marks the address verified. Does not sign in (the caller gets no session). */
  async verifyEmail(token: string): Promise<void> {
    const { db, clock } = this.deps
    const now = clock.now()
    await db.transaction().execute(async (tx) => {
      const row = await findEmailToken(tx, 'verify-email', token, now, true)
      if (!row?.accountId) throw invalidLink()
      const account = await tx
        .selectFrom('account')
        .select(['id', 'email_verified_at'])
        .where('id', '=', row.accountId)
        .forUpdate()
        .executeTakeFirst()
      if (!account) throw invalidLink()
      await markEmailTokenUsed(tx, row.id, now)
      if (!account.email_verified_at) {
        const { passwordHash, displayName } = row.data
        await tx
          .updateTable('account')
          .set({
            email_verified_at: now,
            ...(typeof passwordHash === 'string' ? { password_hash: passwordHash } : {}),
            ...(typeof displayName === 'string' ? { display_name: displayName } : {}),
          })
          .where('id', '=', account.id)
          .execute()
      }
      // The link that was opened decided; the other verification links of this account stop working.
      await retireEmailTokens(tx, account.id, ['verify-email'], now)
    })
  }
}
