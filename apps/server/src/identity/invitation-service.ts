// Staff invitations: an admin invites an address with a role; the person opens the emailed link,
// chooses a name and password, and goes straight on to enrol a second factor. The session made on
// acceptance is `partial` (S7): it can enrol a factor and reach nothing else, so enrolment is part
// of the invitation, not an option.
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { AcceptInvitationBody, InvitationView, InviteBody } from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import { STAFF_ROLES } from '../access/actor.ts'
import { AppError } from '../platform/errors.ts'
import { addressed, staffInvitation } from '../platform/mail/templates.ts'
import type { Role } from './account-table.ts'
import type { IdentityDeps } from './identity-deps.ts'
import { hashPassword } from './password-hash.ts'
import type { ClientMeta } from './sign-in-service.ts'
import {
  emailLink,
  findEmailToken,
  invalidLink,
  issueEmailToken,
  markEmailTokenUsed,
  passwordRefused,
  type EmailTokenRow,
} from './registration-email-tokens.ts'

export const INVITATION_TTL_MS = 72 * 3_600_000

type StaffRole = InviteBody['role']

interface Invitation {
  email: string
  role: StaffRole
  prescriber: boolean
  specialist: boolean
}

/** Prescriber and specialist are clinician flags; on any other role they mean nothing, so refuse. */
export function assertClinicianFlags(role: Role, prescriber: boolean, specialist: boolean): void {
  if (role === 'clinician') return
  const field = prescriber ? 'body/prescriber' : specialist ? 'body/specialist' : null
  if (field) {
    throw new AppError('invalid', 'Only clinicians can be prescribers or on the specialist register.', [
      { path: field, message: 'clinicians only' },
    ])
  }
}

/** The invitation stored in a token's data, or null when it is not one (never trust stored JSON). */
function invitationOf(row: EmailTokenRow): Invitation | null {
  const { email, role, prescriber, specialist } = row.data
  if (typeof email !== 'string' || typeof role !== 'string') return null
  const staffRole = STAFF_ROLES.find((r) => r === role)
  if (!staffRole || staffRole === 'patient') return null
  return { email, role: staffRole, prescriber: prescriber === true, specialist: specialist === true }
}

function view(id: string, invitation: Invitation, expiresAt: Date): InvitationView {
  return { id, ...invitation, expiresAt: expiresAt.toISOString() }
}

export class InvitationService {
  constructor(private readonly deps: IdentityDeps) {}

  async invite(actor: Actor, body: InviteBody): Promise<InvitationView> {
    const { db, clock, mail } = this.deps
    assertClinicianFlags(body.role, body.prescriber, body.specialist)
    const invitation: Invitation = {
      email: body.email,
      role: body.role,
      prescriber: body.prescriber,
      specialist: body.specialist,
    }
    const issued = await db.transaction().execute(async (tx) => {
      await this.assertEmailFree(tx, body.email, 'body/email')
      const now = clock.now()
      // Inviting the same address again replaces the earlier link (e.g. after it expired).
      await tx
        .updateTable('email_token')
        .set({ used_at: now })
        .where('purpose', '=', 'invitation')
        .where('used_at', 'is', null)
        .where(sql<string>`lower(data->>'email')`, '=', body.email.toLowerCase())
        .execute()
      return issueEmailToken(tx, {
        purpose: 'invitation',
        accountId: null,
        data: { ...invitation, invitedBy: actor.accountId },
        now,
        ttlMs: INVITATION_TTL_MS,
      })
    })
    const link = emailLink(this.deps.publicUrl(), 'invitation', issued.token)
    await mail.send(
      addressed(body.email, staffInvitation({ link, expiresInHours: INVITATION_TTL_MS / 3_600_000 })),
    )
    return view(issued.id, invitation, issued.expiresAt)
  }

  async listPending(): Promise<InvitationView[]> {
    const rows = await this.deps.db
      .selectFrom('email_token')
      .select(['id', 'account_id', 'data', 'expires_at', 'created_at'])
      .where('purpose', '=', 'invitation')
      .where('used_at', 'is', null)
      .where('expires_at', '>', this.deps.clock.now())
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute()
    return rows.flatMap((r) => {
      const row: EmailTokenRow = {
        id: String(r.id),
        accountId: r.account_id,
        data: r.data,
        expiresAt: r.expires_at,
        createdAt: r.created_at,
      }
      const invitation = invitationOf(row)
      return invitation ? [view(row.id, invitation, row.expiresAt)] : []
    })
  }

  /**
   * Creates the staff account (address verified: the link proved it) and a partial session.
   * Returns the session token for the cookie.
   */
  async accept(body: AcceptInvitationBody, meta: ClientMeta): Promise<string> {
    const { db, clock, sessions, passwordPolicy } = this.deps
    const pending = await findEmailToken(db, 'invitation', body.token, clock.now())
    const invitation = pending && invitationOf(pending)
    if (!pending || !invitation) throw invalidLink()
    // Checked before the link is used up, so a refused password leaves the invitation working.
    const verdict = await passwordPolicy.check(body.password, { email: invitation.email })
    if (!verdict.ok) throw passwordRefused('body/password', verdict.message)
    const passwordHash = await hashPassword(body.password)
    return db.transaction().execute(async (tx) => {
      const now = clock.now()
      const row = await findEmailToken(tx, 'invitation', body.token, now, true)
      if (row?.id !== pending.id) throw invalidLink()
      await this.assertEmailFree(tx, invitation.email, 'body/token')
      const accountId = randomUUID()
      await tx
        .insertInto('account')
        .values({
          id: accountId,
          email: invitation.email,
          display_name: body.displayName,
          role: invitation.role,
          is_prescriber: invitation.prescriber,
          is_specialist: invitation.specialist,
          password_hash: passwordHash,
          email_verified_at: now,
          created_at: now,
        })
        .execute()
      await markEmailTokenUsed(tx, row.id, now)
      const session = await sessions.create(
        {
          accountId,
          level: 'partial',
          methods: ['password'],
          mfaAt: null,
          ip: meta.ip,
          userAgent: meta.userAgent,
        },
        tx,
      )
      return session.token
    })
  }

  private async assertEmailFree(tx: IdentityDeps['db'], email: string, field: string): Promise<void> {
    const taken = await tx
      .selectFrom('account')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst()
    if (taken) {
      throw new AppError('conflict', 'An account with this email address already exists.', [
        { path: field, message: 'already in use' },
      ])
    }
  }
}
