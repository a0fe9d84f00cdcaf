// Which Tessera account a provider identity signs in to. The key is (iss, sub), OIDC Core 5.7:
// the only pair a provider promises is stable and never reassigned. The first time, a verified
// email matching an existing, enabled, confirmed STAFF account links the pair to that account;
// after that the email plays no part (an address the provider later gives someone else does not
// move the link). Patients never sign in this way, and no account is ever created here: staff
// join by invitation. Linking is told to the owner like any new sign-in method (S13).
import type { Kysely } from 'kysely'
import { isStaff } from '../access/actor.ts'
import type { Database } from '../platform/db/schema.ts'
import { addressed, formatWhen, type RenderedMail } from '../platform/mail/templates.ts'
import type { IdentityDeps } from './identity-deps.ts'
import type { Role } from './account-table.ts'
import { isLocked } from './lockout.ts'
import { OidcRefusal } from './oidc-refusal.ts'

export interface ProviderIdentity {
  issuer: string
  subject: string
}

interface Candidate {
  id: string
  role: Role
  disabled_at: Date | null
  email_verified_at: Date | null
  locked_until: Date | null
}

const COLUMNS = ['id', 'role', 'disabled_at', 'email_verified_at', 'locked_until'] as const

/**
 * The account id for this identity. `verifiedEmail` is asked only when the identity is not linked
 * yet; it returns the provider's email only when the provider says it is verified.
 */
export async function staffAccountFor(
  deps: IdentityDeps,
  identity: ProviderIdentity,
  verifiedEmail: () => Promise<string | null>,
): Promise<string> {
  const { db } = deps
  const linked = await db
    .selectFrom('account')
    .select(COLUMNS)
    .where('oidc_issuer', '=', identity.issuer)
    .where('oidc_subject', '=', identity.subject)
    .executeTakeFirst()
  if (linked) return assertEligible(deps, linked).id

  const email = await verifiedEmail()
  if (!email) throw new OidcRefusal('no-account', 'unlinked and no verified email')
  const match = await db
    .selectFrom('account')
    .select([...COLUMNS, 'oidc_subject'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst()
  if (!match) throw new OidcRefusal('no-account', 'no account with this email')
  assertEligible(deps, match)
  // Linked to another identity already: a second provider identity never takes an account over.
  if (match.oidc_subject !== null) throw new OidcRefusal('no-account', 'account linked to another identity')
  await link(deps, match.id, identity)
  return match.id
}

function assertEligible<T extends Candidate>(deps: IdentityDeps, account: T): T {
  if (!isStaff(account.role)) throw new OidcRefusal('no-account', 'not a staff account')
  if (account.disabled_at) throw new OidcRefusal('no-account', 'account disabled')
  // An invited account that was never confirmed is finished through its invitation, not here.
  if (!account.email_verified_at) throw new OidcRefusal('no-account', 'account not confirmed')
  if (isLocked(account.locked_until, deps.clock.now())) throw new OidcRefusal('no-account', 'account locked')
  return account
}

async function link(deps: IdentityDeps, accountId: string, identity: ProviderIdentity): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    let updated: bigint
    try {
      const result = await tx
        .updateTable('account')
        .set({ oidc_issuer: identity.issuer, oidc_subject: identity.subject })
        .where('id', '=', accountId)
        .where('oidc_subject', 'is', null)
        .executeTakeFirst()
      updated = result.numUpdatedRows
    } catch (err) {
      // 23505, the unique index (iss, sub): a concurrent callback linked it to another account.
      if ((err as { code?: unknown }).code !== '23505') throw err
      throw new OidcRefusal('no-account', 'identity linked concurrently', { cause: err })
    }
    if (updated !== 1n) throw new OidcRefusal('no-account', 'account linked concurrently')
    await sendLinkNotice(deps, accountId, tx)
  })
}

async function sendLinkNotice(deps: IdentityDeps, accountId: string, db: Kysely<Database>): Promise<void> {
  const account = await db
    .selectFrom('account')
    .select('email')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow()
  await deps.mail.send(
    addressed(account.email, oidcLinkedNotice(deps.clock.now(), deps.config.clinicTimeZone)),
    db,
  )
}

/** Fixed text and a date only (the template rule of platform/mail/templates.ts). */
export function oidcLinkedNotice(at: Date, timeZone: string): RenderedMail {
  const { date, time } = formatWhen({ at, timeZone }, true)
  return {
    category: 'factor-notice',
    subject: 'A sign-in method was added to your account',
    text:
      [
        `Signing in with your organisation's account was linked to your account on ${date} at ${time}.`,
        'If this was you, there is nothing to do.',
        'If it was not you, contact the clinic straight away.',
        'This is an automated message. Replies to this address are not read.',
      ].join('\n\n') + '\n',
  }
}
