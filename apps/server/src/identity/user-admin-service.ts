// The admin's user management: list accounts, change a staff member's role and clinician flags,
// disable and enable accounts. Any change to what an account may do ends its sessions at once
// (S15): the person signs in again and gets exactly the new rights, never a mix.
import type { ExpressionBuilder, Kysely } from 'kysely'
import type { OutboxView, UpdateUserBody, UserListQuery, UserSummary } from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import type { IdentityDeps } from './identity-deps.ts'
import { assertClinicianFlags } from './invitation-service.ts'
import { retireEmailTokens } from './registration-email-tokens.ts'

const LIST_LIMIT = 500
const OUTBOX_LIMIT = 100

/** True when the account has a second factor (passkey, authenticator app or email codes). */
function mfaEnrolled(eb: ExpressionBuilder<Database, 'account'>) {
  return eb
    .or([
      eb.exists(
        eb
          .selectFrom('totp_credential')
          .select('totp_credential.id')
          .whereRef('totp_credential.account_id', '=', 'account.id')
          .where('totp_credential.confirmed_at', 'is not', null),
      ),
      eb.exists(
        eb
          .selectFrom('webauthn_credential')
          .select('webauthn_credential.id')
          .whereRef('webauthn_credential.account_id', '=', 'account.id'),
      ),
      eb.exists(
        eb
          .selectFrom('email_mfa_enrolment')
          .select('email_mfa_enrolment.account_id')
          .whereRef('email_mfa_enrolment.account_id', '=', 'account.id'),
      ),
    ])
    .as('mfa_enrolled')
}

function summaryQuery(db: Kysely<Database>) {
  return db
    .selectFrom('account')
    .select([
      'account.id',
      'account.email',
      'account.display_name',
      'account.role',
      'account.is_prescriber',
      'account.is_specialist',
      'account.disabled_at',
      'account.created_at',
      mfaEnrolled,
    ])
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>

function toSummary(row: SummaryRow): UserSummary {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    prescriber: row.is_prescriber,
    specialist: row.is_specialist,
    disabled: row.disabled_at !== null,
    mfaEnrolled: Boolean(row.mfa_enrolled),
    createdAt: row.created_at.toISOString(),
  }
}

/** `q` as a LIKE pattern matching it anywhere, with the pattern characters taken literally. */
function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export class UserAdminService {
  constructor(private readonly deps: IdentityDeps) {}

  async list(query: UserListQuery): Promise<UserSummary[]> {
    let q = summaryQuery(this.deps.db)
    q =
      query.scope === 'patients'
        ? q.where('account.role', '=', 'patient')
        : q.where('account.role', '!=', 'patient')
    if (query.q) {
      const pattern = containsPattern(query.q)
      q = q.where((eb) =>
        eb.or([eb('account.email', 'ilike', pattern), eb('account.display_name', 'ilike', pattern)]),
      )
    }
    const rows = await q
      .orderBy('account.created_at', 'desc')
      .orderBy('account.id')
      .limit(LIST_LIMIT)
      .execute()
    return rows.map(toSummary)
  }

  async update(actor: Actor, userId: string, body: UpdateUserBody): Promise<UserSummary> {
    const { db, clock, sessions, log } = this.deps
    const changed = await db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('account')
        .select(['id', 'role', 'is_prescriber', 'is_specialist', 'disabled_at'])
        .where('id', '=', userId)
        .forUpdate()
        .executeTakeFirst()
      if (!row) throw new AppError('not-found', 'No such user.')
      const touchesRole =
        body.role !== undefined || body.prescriber !== undefined || body.specialist !== undefined
      if (row.role === 'patient' && touchesRole) {
        throw new AppError(
          'conflict',
          'This is a patient account: its role cannot be changed. Invite the person as staff with their work address.',
          [{ path: body.role !== undefined ? 'body/role' : 'body/prescriber', message: 'patient account' }],
        )
      }
      if (row.id === actor.accountId) {
        if (body.disabled === true)
          throw new AppError('conflict', 'You cannot disable your own account. Ask another admin.', [
            { path: 'body/disabled', message: 'own account' },
          ])
        if (body.role !== undefined && body.role !== 'admin')
          throw new AppError('conflict', 'You cannot remove your own admin role. Ask another admin.', [
            { path: 'body/role', message: 'own account' },
          ])
      }
      const role = body.role ?? row.role
      assertClinicianFlags(role, body.prescriber === true, body.specialist === true)
      // Leaving the clinician role drops the clinician flags with it.
      const prescriber = role === 'clinician' && (body.prescriber ?? row.is_prescriber)
      const specialist = role === 'clinician' && (body.specialist ?? row.is_specialist)
      const privilege =
        role !== row.role || prescriber !== row.is_prescriber || specialist !== row.is_specialist
      const disable = body.disabled === true && row.disabled_at === null
      const enable = body.disabled === false && row.disabled_at !== null
      const now = clock.now()
      await tx
        .updateTable('account')
        .set({
          role,
          is_prescriber: prescriber,
          is_specialist: specialist,
          ...(disable ? { disabled_at: now } : enable ? { disabled_at: null } : {}),
        })
        .where('id', '=', row.id)
        .execute()
      if (disable) {
        await sessions.revokeAll(row.id, 'account-disabled', undefined, tx)
        await retireEmailTokens(tx, row.id, ['reset-password', 'verify-email'], now)
      } else if (privilege) {
        await sessions.revokeAll(row.id, 'role-changed', undefined, tx)
      }
      return [privilege ? 'role' : null, disable ? 'disabled' : null, enable ? 'enabled' : null].filter(
        (c): c is string => c !== null,
      )
    })
    // Ids and the kind of change only: no address, no name (STYLE.md logs).
    if (changed.length > 0)
      log.info({ by: actor.accountId, account: userId, changed }, 'account changed by admin')
    return toSummary(await summaryQuery(db).where('account.id', '=', userId).executeTakeFirstOrThrow())
  }

  /**
   * The development outbox. Once SMTP is configured mail really goes out and this stays empty:
   * older messages hold one-time links meant for other people, which no admin needs to read.
   */
  async outbox(): Promise<OutboxView> {
    const smtpConfigured = Boolean(this.deps.config.smtpHost)
    if (smtpConfigured) return { smtpConfigured, messages: [] }
    const rows = await this.deps.db
      .selectFrom('outbox_mail')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(OUTBOX_LIMIT)
      .execute()
    return {
      smtpConfigured,
      messages: rows.map((r) => ({
        id: String(r.id),
        to: r.to_address,
        subject: r.subject,
        body: r.body,
        category: r.category,
        createdAt: r.created_at.toISOString(),
      })),
    }
  }
}
