// Prescribing notices by email say only that something changed and ask the reader to sign in
// (JOURNEYS.md patient step 8; S21): no medicine, pharmacy, name or reason. Fixed texts; the only
// parameter is the sign-in link, checked like every other mail link (platform/mail/templates.ts).
import type { Kysely } from 'kysely'
import type { Database } from '../platform/db/schema.ts'
import { addressed, checkLink, type RenderedMail } from '../platform/mail/templates.ts'
import type { PrescribingDeps } from './prescribing-deps.ts'

const FOOTER = 'This is an automated message. Replies to this address are not read.'

export type Notice = 'patient-update' | 'clinician-queue' | 'pharmacy-queue' | 'pharmacy-overdue'

const TEXTS: Record<Notice, { subject: string; line: string }> = {
  'patient-update': {
    subject: 'You have an update',
    line: 'There is an update in your account. Sign in to see it.',
  },
  'clinician-queue': {
    subject: 'Something is waiting for you',
    line: 'Something new is waiting in your queue. Sign in to see it.',
  },
  'pharmacy-queue': { subject: 'Your queue has changed', line: 'Your queue has changed. Sign in to see it.' },
  'pharmacy-overdue': {
    subject: 'An item in your queue is overdue',
    line: 'An item in your queue has waited longer than the clinic allows. Sign in to see it.',
  },
}

export function prescribingNotice(kind: Notice, signInUrl: string): RenderedMail {
  const t = TEXTS[kind]
  return {
    category: 'notification',
    subject: t.subject,
    text: `${t.line}\n${checkLink(signInUrl)}\n\n${FOOTER}\n`,
  }
}

/** Queues the notice in the caller's transaction: sent if and only if the change commits. */
export async function notify(
  deps: PrescribingDeps,
  tx: Kysely<Database>,
  accountIds: readonly string[],
  kind: Notice,
): Promise<void> {
  if (!accountIds.length) return
  const rows = await tx
    .selectFrom('account')
    .select('email')
    .where('id', 'in', [...accountIds])
    .where('disabled_at', 'is', null)
    .execute()
  const mail = prescribingNotice(kind, `${deps.publicUrl()}/sign-in`)
  for (const r of rows) await deps.mail.send(addressed(r.email, mail), tx)
}

/** The pharmacists of a pharmacy. */
export async function pharmacistsOf(tx: Kysely<Database>, pharmacyId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('pharmacy_member')
    .select('account_id')
    .where('pharmacy_id', '=', pharmacyId)
    .execute()
  return rows.map((r) => r.account_id)
}
