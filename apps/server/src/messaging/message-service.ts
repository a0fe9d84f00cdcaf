// Messaging operations. Reads go through thread-queries.ts (access filter in SQL); writes check the
// thread the same way inside one transaction, seal the text with the patient's key, queue the
// notification email in that transaction, and announce the change (ids only) once committed.
import { randomUUID } from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import {
  MESSAGE_RATE_LIMIT,
  MESSAGE_RATE_WINDOW_MINUTES,
  type AssigneeList,
  type MessageKind,
  type NewMessageBody,
  type NewThreadBody,
  type ThreadDetail,
  type ThreadListQuery,
  type ThreadSummary,
  type ThreadUpdateBody,
} from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import { checkAttachments } from './message-attachments.ts'
import { recordReceipts, writeCommunication } from './message-communication.ts'
import { announce, notifyByMail } from './message-notify.ts'
import { bodyContext, subjectContext, type MessagingDeps } from './messaging-deps.ts'
import { findThread, listThreads, messagesOf, toSummary, type ThreadRow } from './thread-queries.ts'
import { isMessagingStaff } from './thread-access.ts'

export class MessagingService {
  constructor(readonly deps: MessagingDeps) {}

  list(actor: Actor, query: ThreadListQuery): Promise<ThreadSummary[]> {
    return listThreads(this.deps, actor, query)
  }

  async detail(actor: Actor, threadId: string): Promise<ThreadDetail> {
    const row = await findThread(this.deps, this.deps.db, actor, threadId)
    return {
      thread: await toSummary(this.deps, actor, row),
      messages: await messagesOf(this.deps, actor, row),
    }
  }

  /** A patient starts a thread with their care team (clinical) or the clinic's reception (admin). */
  async start(actor: Actor, body: NewThreadBody): Promise<ThreadDetail> {
    if (actor.role !== 'patient') throw new AppError('forbidden', 'Only patients start a thread.')
    const patientId = actor.accountId
    if (body.topic === 'clinical' && !(await this.hasCareTeam(patientId)))
      throw new AppError('conflict', 'You have no care team yet. Choose “Appointments and admin” instead.', [
        { path: '/topic', message: 'no care team yet' },
      ])
    const attachments = await checkAttachments(this.deps.documents, actor, patientId, body.attachments ?? [])
    const threadId = randomUUID()
    const now = this.deps.clock.now()
    await this.deps.db.transaction().execute(async (tx) => {
      await this.assertRate(tx, actor)
      await tx
        .insertInto('message_thread')
        .values({
          id: threadId,
          patient_id: patientId,
          topic: body.topic,
          subject_sealed: await this.deps.text.seal(
            patientId,
            subjectContext(threadId),
            body.subject.trim(),
            tx,
          ),
          status: 'open',
          assigned_to: null,
          created_by: actor.accountId,
          created_at: now,
          last_message_at: now,
          awaiting_since: now,
        })
        .execute()
      const thread = { id: threadId, patient_id: patientId, topic: body.topic, assigned_to: null }
      await this.insertMessage(tx, actor, thread, 'message', body.body, attachments)
    })
    await announce(this.deps, { threadId, patientId, staffOnly: false })
    return this.detail(actor, threadId)
  }

  /** A message (or, for staff, an internal note) on a thread the actor can see. */
  async post(actor: Actor, threadId: string, body: NewMessageBody): Promise<ThreadDetail> {
    const internal = body.internal === true
    if (internal && !isMessagingStaff(actor))
      throw new AppError('forbidden', 'Only the care team can write internal notes.', [
        { path: '/internal', message: 'staff only' },
      ])
    const thread = await findThread(this.deps, this.deps.db, actor, threadId)
    if (internal && body.attachments?.length)
      // A vault document is part of the patient's record, which the patient can see.
      throw new AppError('invalid', 'Internal notes cannot carry attachments.', [
        { path: '/attachments', message: 'not allowed on an internal note' },
      ])
    const attachments = await checkAttachments(
      this.deps.documents,
      actor,
      thread.patient_id,
      body.attachments ?? [],
    )
    const kind: MessageKind = internal ? 'internal-note' : 'message'
    const written = await this.deps.db.transaction().execute(async (tx) => {
      const locked = await this.lock(tx, actor, thread.id)
      await this.assertRate(tx, actor)
      await this.insertMessage(tx, actor, locked, kind, body.body, attachments)
      const now = this.deps.clock.now()
      const byPatient = actor.role === 'patient'
      if (kind === 'message')
        await tx
          .updateTable('message_thread')
          .set({
            last_message_at: now,
            status: byPatient ? 'open' : 'waiting-on-patient',
            awaiting_since: byPatient ? (locked.awaiting_since ?? now) : null,
          })
          .where('id', '=', locked.id)
          .execute()
      await notifyByMail(this.deps, tx, actor, locked, kind)
      return { threadId: locked.id, patientId: locked.patient_id, staffOnly: kind === 'internal-note' }
    })
    await announce(this.deps, written)
    return this.detail(actor, threadId)
  }

  /** Staff: status and assignment. */
  async update(actor: Actor, threadId: string, body: ThreadUpdateBody): Promise<ThreadSummary> {
    const thread = await findThread(this.deps, this.deps.db, actor, threadId)
    if (body.assignedTo) {
      const { staff } = await this.assignees(actor, thread.id)
      if (!staff.some((s) => s.id === body.assignedTo))
        throw new AppError(
          'invalid',
          'Assign the thread to someone who can see it: the care team or reception.',
          [{ path: '/assignedTo', message: 'not someone who can see this thread' }],
        )
    }
    await this.deps.db
      .updateTable('message_thread')
      .set({
        ...(body.status ? { status: body.status } : {}),
        ...(body.assignedTo !== undefined ? { assigned_to: body.assignedTo } : {}),
      })
      .where('id', '=', thread.id)
      .execute()
    // Assignment is the clinic's business; a status change the patient sees.
    await announce(this.deps, { threadId: thread.id, patientId: thread.patient_id, staffOnly: !body.status })
    return toSummary(this.deps, actor, await findThread(this.deps, this.deps.db, actor, thread.id))
  }

  /** Moves the actor's read position to now; announces it when it marked someone's message read. */
  async markRead(actor: Actor, threadId: string): Promise<ThreadSummary> {
    const thread = await findThread(this.deps, this.deps.db, actor, threadId)
    const now = this.deps.clock.now()
    await this.deps.db.transaction().execute(async (tx) => {
      // Nothing unread for this reader: nothing of the other side's can be newly received.
      if (Number(thread.unread) > 0)
        await recordReceipts(this.deps.store, tx, thread, actor.accountId === thread.patient_id, now)
      await tx
        .insertInto('message_read')
        .values({ thread_id: thread.id, account_id: actor.accountId, read_at: now })
        .onConflict((oc) => oc.columns(['thread_id', 'account_id']).doUpdateSet({ read_at: now }))
        .execute()
    })
    // Only a receipt the other side can see is announced (so two open windows do not ping-pong).
    if (Number(thread.unread) > 0)
      await announce(this.deps, { threadId: thread.id, patientId: thread.patient_id, staffOnly: false })
    return toSummary(this.deps, actor, await findThread(this.deps, this.deps.db, actor, thread.id))
  }

  /** Who may be assigned: the patient's current care team, and reception for admin threads. */
  async assignees(actor: Actor, threadId: string): Promise<AssigneeList & { patientId: string }> {
    const thread = await findThread(this.deps, this.deps.db, actor, threadId)
    const now = this.deps.clock.now()
    const staff = await this.deps.db
      .selectFrom('account')
      .select(['id', 'display_name', 'role'])
      .where('disabled_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([
            eb('role', '=', 'clinician'),
            eb.exists(
              eb
                .selectFrom('care_team as ct')
                .select('ct.patient_id')
                .whereRef('ct.clinician_id', '=', 'account.id')
                .where('ct.patient_id', '=', thread.patient_id)
                .where((e) => e.or([e('ct.ends_at', 'is', null), e('ct.ends_at', '>', now)])),
            ),
          ]),
          ...(thread.topic === 'admin' ? [eb('role', '=', 'reception')] : []),
        ]),
      )
      .orderBy('display_name')
      .execute()
    return {
      patientId: thread.patient_id,
      staff: staff.map((s) => ({ id: s.id, displayName: s.display_name, role: s.role })),
    }
  }

  private async hasCareTeam(patientId: string): Promise<boolean> {
    const now = this.deps.clock.now()
    const row = await this.deps.db
      .selectFrom('care_team')
      .select('clinician_id')
      .where('patient_id', '=', patientId)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
      .executeTakeFirst()
    return row !== undefined
  }

  /** The thread row locked for this write (messages of one thread are written one at a time). */
  private async lock(tx: Kysely<Database>, actor: Actor, threadId: string): Promise<ThreadRow> {
    await tx.selectFrom('message_thread').select('id').where('id', '=', threadId).forUpdate().execute()
    return findThread(this.deps, tx, actor, threadId)
  }

  private async assertRate(tx: Kysely<Database>, actor: Actor): Promise<void> {
    const since = new Date(this.deps.clock.now().getTime() - MESSAGE_RATE_WINDOW_MINUTES * 60_000)
    const { n } = await tx
      .selectFrom('message')
      .select(sql<string>`count(*)`.as('n'))
      .where('author_id', '=', actor.accountId)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow()
    if (Number(n) >= MESSAGE_RATE_LIMIT)
      throw new AppError(
        'rate-limited',
        `You can send at most ${MESSAGE_RATE_LIMIT} messages in ${MESSAGE_RATE_WINDOW_MINUTES} minutes. Try again a little later.`,
        [
          {
            path: '/body',
            message: `at most ${MESSAGE_RATE_LIMIT} messages in ${MESSAGE_RATE_WINDOW_MINUTES} minutes`,
          },
        ],
      )
  }

  private async insertMessage(
    tx: Transaction<Database>,
    actor: Actor,
    thread: Pick<ThreadRow, 'id' | 'patient_id' | 'topic' | 'assigned_to'>,
    kind: MessageKind,
    text: string,
    attachments: readonly string[],
  ): Promise<void> {
    const { id: threadId, patient_id: patientId } = thread
    const id = randomUUID()
    const now = this.deps.clock.now()
    await tx
      .insertInto('message')
      .values({
        id,
        thread_id: threadId,
        patient_id: patientId,
        author_id: actor.accountId,
        author_role: actor.role,
        kind,
        body_sealed: await this.deps.text.seal(patientId, bodyContext(id), text, tx),
        created_at: now,
      })
      .execute()
    if (attachments.length)
      await tx
        .insertInto('message_attachment')
        .values(
          attachments.map((documentId, position) => ({ message_id: id, position, document_id: documentId })),
        )
        .execute()
    // The record's copy (FHIR Communication), in this transaction; internal notes stay out of it.
    if (kind === 'message')
      await writeCommunication(this.deps.store, tx, {
        id,
        threadId,
        topic: thread.topic,
        patientId,
        authorId: actor.accountId,
        assignedTo: thread.assigned_to,
        text,
        attachments,
        sentAt: now,
      })
    // Writing is reading up to here: the author's own message never counts as unread for them.
    await recordReceipts(this.deps.store, tx, thread, actor.accountId === patientId, now)
    await tx
      .insertInto('message_read')
      .values({ thread_id: threadId, account_id: actor.accountId, read_at: now })
      .onConflict((oc) => oc.columns(['thread_id', 'account_id']).doUpdateSet({ read_at: now }))
      .execute()
  }
}
