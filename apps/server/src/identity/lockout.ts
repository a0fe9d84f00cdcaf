// Online guessing limits per account (S10, NIST 800-63B 5.2.2): no delay for the first few
// failures, then an exponential backoff, and a lock at 100 consecutive failures with a notice.
// Per-IP limits are route rate limits; these count across addresses.
import { sql } from 'kysely'
import { accountLockedNotice, addressed } from '../platform/mail/templates.ts'
import type { IdentityDeps } from './identity-deps.ts'

export const LOCK_AFTER_FAILURES = 100
const FREE_FAILURES = 5
const MAX_BACKOFF_MS = 15 * 60_000
const LOCKED_FOR_MS = 10 * 365 * 24 * 3_600_000

export function backoffMs(failures: number): number {
  if (failures >= LOCK_AFTER_FAILURES) return LOCKED_FOR_MS
  if (failures < FREE_FAILURES) return 0
  return Math.min(1000 * 2 ** (failures - FREE_FAILURES), MAX_BACKOFF_MS)
}

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime()
}

export async function recordFailure(deps: IdentityDeps, accountId: string): Promise<void> {
  const now = deps.clock.now()
  const row = await deps.db
    .updateTable('account')
    .set({ failed_sign_ins: sql`failed_sign_ins + 1` })
    .where('id', '=', accountId)
    .returning(['failed_sign_ins', 'email'])
    .executeTakeFirst()
  if (!row) return
  const wait = backoffMs(row.failed_sign_ins)
  if (wait > 0) {
    await deps.db
      .updateTable('account')
      .set({ locked_until: new Date(now.getTime() + wait) })
      .where('id', '=', accountId)
      .execute()
  }
  if (row.failed_sign_ins === LOCK_AFTER_FAILURES) {
    await deps.mail.send(
      addressed(row.email, accountLockedNotice({ resetUrl: `${deps.publicUrl()}/forgot-password` })),
    )
  }
}

export async function clearFailures(deps: IdentityDeps, accountId: string): Promise<void> {
  await deps.db
    .updateTable('account')
    .set({ failed_sign_ins: 0, locked_until: null })
    .where('id', '=', accountId)
    .execute()
}
