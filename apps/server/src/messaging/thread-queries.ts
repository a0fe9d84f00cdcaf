// Reading threads: the inbox and the patient's list (one query with the access filter, names and
// unread counts), and one thread with its messages, attachments and read receipts.
import { sql, type Kysely } from 'kysely'
import type { MessageAttachment, MessageView, ThreadListQuery, ThreadSummary } from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import { toView } from '../vault/documents/document-reader.ts'
import { bodyContext, subjectContext, type MessagingDeps } from './messaging-deps.ts'
import { threadFilter, threadNotFound, visibleKinds } from './thread-access.ts'

const LIST_LIMIT = 200

function summaryQuery(deps: MessagingDeps, db: Kysely<Database>, actor: Actor) {
  const kinds = visibleKinds(actor)
  return db
    .selectFrom('message_thread')
    .innerJoin('account as p', 'p.id', 'message_thread.patient_id')
    .leftJoin('account as a', 'a.id', 'message_thread.assigned_to')
    .selectAll('message_thread')
    .select([
      'p.display_name as patient_name',
      'a.display_name as assignee_name',
      'a.role as assignee_role',
      sql<string>`(select count(*) from message m
        where m.thread_id = message_thread.id and m.kind in (${sql.join(kinds)})
          and m.author_id <> ${actor.accountId}
          and m.created_at > coalesce((select r.read_at from message_read r
            where r.thread_id = message_thread.id and r.account_id = ${actor.accountId}), '-infinity'))`.as(
        'unread',
      ),
    ])
    .where((eb) => threadFilter(eb, deps.access, actor))
}

export type ThreadRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>

export async function toSummary(deps: MessagingDeps, actor: Actor, row: ThreadRow): Promise<ThreadSummary> {
  const staffView = actor.role !== 'patient'
  return {
    id: row.id,
    patient: { id: row.patient_id, displayName: row.patient_name, role: 'patient' },
    topic: row.topic,
    subject: await deps.text.open(row.patient_id, subjectContext(row.id), row.subject_sealed),
    status: row.status,
    // Triage is the clinic's business: the patient sees neither the assignee nor the waiting age.
    assignedTo:
      staffView && row.assigned_to
        ? { id: row.assigned_to, displayName: row.assignee_name ?? '', role: row.assignee_role ?? '' }
        : null,
    createdAt: row.created_at.toISOString(),
    lastMessageAt: row.last_message_at.toISOString(),
    awaitingSince: staffView && row.awaiting_since ? row.awaiting_since.toISOString() : null,
    unread: Number(row.unread),
  }
}

export async function listThreads(
  deps: MessagingDeps,
  actor: Actor,
  query: ThreadListQuery,
): Promise<ThreadSummary[]> {
  let q = summaryQuery(deps, deps.db, actor)
  if (query.status) q = q.where('message_thread.status', '=', query.status)
  if (actor.role !== 'patient' && query.assigned === 'me')
    q = q.where('message_thread.assigned_to', '=', actor.accountId)
  if (actor.role !== 'patient' && query.assigned === 'unassigned')
    q = q.where('message_thread.assigned_to', 'is', null)
  // Staff: the longest-waiting patient first; patients: the newest conversation first.
  q =
    actor.role === 'patient'
      ? q.orderBy('message_thread.last_message_at', 'desc')
      : q
          .orderBy(sql`message_thread.awaiting_since asc nulls last`)
          .orderBy('message_thread.last_message_at', 'desc')
  const rows = await q.orderBy('message_thread.id').limit(LIST_LIMIT).execute()
  return Promise.all(rows.map((row) => toSummary(deps, actor, row)))
}

/** The thread if the actor may see it (404 otherwise, whether or not it exists). */
export async function findThread(
  deps: MessagingDeps,
  db: Kysely<Database>,
  actor: Actor,
  threadId: string,
): Promise<ThreadRow> {
  const row = await summaryQuery(deps, db, actor)
    .where('message_thread.id', '=', threadId.toLowerCase())
    .executeTakeFirst()
  if (!row) throw threadNotFound()
  return row
}

async function attachmentsOf(deps: MessagingDeps, actor: Actor, messageIds: string[]) {
  const byMessage = new Map<string, MessageAttachment[]>()
  if (messageIds.length === 0) return byMessage
  const rows = await deps.db
    .selectFrom('message_attachment')
    .selectAll()
    .where('message_id', 'in', messageIds)
    .orderBy('message_id')
    .orderBy('position')
    .execute()
  for (const row of rows) {
    let item: MessageAttachment
    try {
      const view = toView(await deps.documents.find(actor, row.document_id))
      item = {
        documentId: view.id,
        available: true,
        title: view.title,
        contentType: view.contentType,
        size: view.size,
      }
    } catch (err) {
      // Reception cannot open documents (clinical scope): the attachment is only counted.
      if (!(err instanceof AppError) || err.code !== 'not-found') throw err
      item = { documentId: row.document_id, available: false }
    }
    byMessage.set(row.message_id, [...(byMessage.get(row.message_id) ?? []), item])
  }
  return byMessage
}

/** The thread's messages the actor may read, oldest first, with receipts for the other side. */
export async function messagesOf(
  deps: MessagingDeps,
  actor: Actor,
  thread: ThreadRow,
): Promise<MessageView[]> {
  const rows = await deps.db
    .selectFrom('message as m')
    .innerJoin('account as a', 'a.id', 'm.author_id')
    .select(['m.id', 'm.kind', 'm.author_id', 'm.author_role', 'm.body_sealed', 'm.created_at'])
    .select('a.display_name as author_name')
    .where('m.thread_id', '=', thread.id)
    .where('m.kind', 'in', visibleKinds(actor))
    .orderBy('m.seq')
    .execute()
  const reads = await deps.db
    .selectFrom('message_read')
    .select(['account_id', 'read_at'])
    .where('thread_id', '=', thread.id)
    .execute()
  const patientRead = reads.find((r) => r.account_id === thread.patient_id)?.read_at ?? null
  const staffRead = reads
    .filter((r) => r.account_id !== thread.patient_id)
    .reduce<Date | null>((max, r) => (max && max > r.read_at ? max : r.read_at), null)
  const attachments = await attachmentsOf(
    deps,
    actor,
    rows.map((r) => r.id),
  )
  return Promise.all(
    rows.map(async (row) => {
      const byPatient = row.author_id === thread.patient_id
      const readBy = row.kind === 'internal-note' ? null : byPatient ? staffRead : patientRead
      return {
        id: row.id,
        threadId: thread.id,
        kind: row.kind,
        author: { id: row.author_id, displayName: row.author_name, role: row.author_role },
        body: await deps.text.open(thread.patient_id, bodyContext(row.id), row.body_sealed),
        createdAt: row.created_at.toISOString(),
        attachments: attachments.get(row.id) ?? [],
        readAt: readBy && readBy >= row.created_at ? readBy.toISOString() : null,
      }
    }),
  )
}
