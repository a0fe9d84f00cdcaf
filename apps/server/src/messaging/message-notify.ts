// After a write: email the other side (the fixed text of templates.ts newMessageNotice, a sign-in
// link and nothing else: no subject, body, name or topic) and announce "thread X changed" on the
// event bus for the live streams. Internal notes reach neither the patient's mailbox nor their stream.
import type { Kysely } from 'kysely'
import type { MessageKind } from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import type { Database } from '../platform/db/schema.ts'
import { addressed, newMessageNotice } from '../platform/mail/templates.ts'
import type { MessagingDeps } from './messaging-deps.ts'

export const STAFF_CHANNEL = 'messaging:staff'
export const patientChannel = (patientId: string): string => `messaging:patient:${patientId}`

export interface ThreadChange {
  threadId: string
  patientId: string
  /** An internal note or an assignment: not announced to the patient. */
  staffOnly: boolean
}

/** Queues the email in the writer's transaction: it is sent if and only if the message commits. */
export async function notifyByMail(
  deps: MessagingDeps,
  tx: Kysely<Database>,
  actor: Actor,
  thread: { patient_id: string; assigned_to: string | null },
  kind: MessageKind,
): Promise<void> {
  if (kind !== 'message') return
  // Staff replies go to the patient; a patient's message to the assigned staff member, if any.
  const to = actor.role === 'patient' ? thread.assigned_to : thread.patient_id
  if (!to || to === actor.accountId) return
  const account = await tx
    .selectFrom('account')
    .select('email')
    .where('id', '=', to)
    .where('disabled_at', 'is', null)
    .executeTakeFirst()
  if (!account) return
  await deps.mail.send(
    addressed(account.email, newMessageNotice({ signInUrl: `${deps.publicUrl()}/sign-in` })),
    tx,
  )
}

/** Best effort: a stream that misses this re-reads when it reconnects. */
export async function announce(deps: MessagingDeps, change: ThreadChange): Promise<void> {
  try {
    await deps.events.publish(STAFF_CHANNEL, { threadId: change.threadId, patientId: change.patientId })
    if (!change.staffOnly)
      await deps.events.publish(patientChannel(change.patientId), { threadId: change.threadId })
  } catch (err) {
    deps.log.warn({ err: { code: (err as NodeJS.ErrnoException).code } }, 'messaging: announce failed')
  }
}
