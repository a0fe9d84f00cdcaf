// Security notices to the account owner (S13): factor changes, lockouts. Never any PHI.
import type { Kysely } from 'kysely'
import type { Database } from '../platform/db/schema.ts'
import { addressed, factorChangeNotice, type FactorKind } from '../platform/mail/templates.ts'
import type { IdentityDeps } from './identity-deps.ts'

export async function notifyFactorChange(
  deps: IdentityDeps,
  accountId: string,
  change: 'added' | 'removed' | 'used',
  factor: FactorKind,
  /** The transaction making the change, so the notice is queued with it (and never deadlocks it). */
  db: Kysely<Database> = deps.db,
): Promise<void> {
  const account = await db
    .selectFrom('account')
    .select('email')
    .where('id', '=', accountId)
    .executeTakeFirst()
  if (!account) return
  const mail = factorChangeNotice({
    change,
    factor,
    at: deps.clock.now(),
    timeZone: deps.config.clinicTimeZone,
  })
  await deps.mail.send(addressed(account.email, mail), db)
}
