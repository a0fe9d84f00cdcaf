// Every patient-visible message is also a FHIR R4 Communication in the patient's compartment, written
// in the same transaction as the message (internal notes never are: they are not part of the record
// the patient can read or download). The messaging tables stay the source of truth; Communication is
// a managed type (resource-types.ts), so the FHIR API only reads it.
//   id                      the message's id
//   subject                 Patient/<patient id>
//   sender                  Patient/<id> for the patient; staff by account identifier (no Practitioner)
//   recipient               the patient for a staff message; the assignee, or who the thread reaches
//   sent / received         when written / when the other side first read it (read receipts)
//   payload[0]              the body (contentString, sealed under the patient's key: PROTECTED_TEXT)
//   payload[1..]            each attachment as a reference to its DocumentReference (the vault document)
//   category                the thread's topic (clinical or admin); extension: the thread's id
import type { Communication, CommunicationPayload, Practitioner, Reference } from '@medplum/fhirtypes'
import { sql, type Transaction } from 'kysely'
import type { ThreadTopic } from '@tessera/contracts'
import type { FhirStore } from '../fhir/fhir-store.ts'
import type { Database } from '../platform/db/schema.ts'
import { ACCOUNT_SYSTEM } from '../vault/documents/document-resource.ts'

export const MESSAGE_TOPIC_SYSTEM = 'urn:tessera:message-topic'
export const MESSAGE_THREAD_EXTENSION = 'urn:tessera:message-thread'

type Tx = Transaction<Database>

export interface ProjectedMessage {
  id: string
  threadId: string
  topic: ThreadTopic
  patientId: string
  authorId: string
  /** The thread's assignee when the message was written (the recipient of a patient's message). */
  assignedTo: string | null
  text: string
  attachments: readonly string[]
  sentAt: Date
  receivedAt?: Date
}

async function staffRef(tx: Tx, accountId: string): Promise<Reference<Practitioner>> {
  const row = await tx
    .selectFrom('account')
    .select('display_name')
    .where('id', '=', accountId)
    .executeTakeFirst()
  return {
    identifier: { system: ACCOUNT_SYSTEM, value: accountId },
    ...(row ? { display: row.display_name } : {}),
  }
}

async function recipientsOf(tx: Tx, m: ProjectedMessage): Promise<NonNullable<Communication['recipient']>> {
  if (m.authorId !== m.patientId) return [{ reference: `Patient/${m.patientId}` }]
  if (m.assignedTo) return [await staffRef(tx, m.assignedTo)]
  return [{ display: m.topic === 'admin' ? 'Reception and care team' : 'Care team' }]
}

export async function communicationOf(tx: Tx, m: ProjectedMessage): Promise<Communication> {
  const byPatient = m.authorId === m.patientId
  const payload: CommunicationPayload[] = [
    { contentString: m.text },
    ...m.attachments.map((id) => ({ contentReference: { reference: `DocumentReference/${id}` } })),
  ]
  return {
    resourceType: 'Communication',
    extension: [{ url: MESSAGE_THREAD_EXTENSION, valueId: m.threadId }],
    status: 'completed',
    category: [{ coding: [{ system: MESSAGE_TOPIC_SYSTEM, code: m.topic }] }],
    subject: { reference: `Patient/${m.patientId}` },
    sent: m.sentAt.toISOString(),
    ...(m.receivedAt ? { received: m.receivedAt.toISOString() } : {}),
    recipient: await recipientsOf(tx, m),
    sender: byPatient ? { reference: `Patient/${m.patientId}` } : await staffRef(tx, m.authorId),
    payload,
  }
}

/** Writes (or rewrites, for a receipt) the message's Communication inside the message's transaction. */
export async function writeCommunication(store: FhirStore, tx: Tx, m: ProjectedMessage): Promise<void> {
  await store.writeManaged(tx, 'Communication', m.id, await communicationOf(tx, m), m.patientId)
}

/**
 * `received` for the messages a read position has just passed: the other side's messages written
 * after that side's previous read position (the patient's own, or the furthest of any staff member,
 * as the receipts in thread-queries.ts are computed) and up to now. Call before moving the position.
 */
export async function recordReceipts(
  store: FhirStore,
  tx: Tx,
  thread: { id: string; patient_id: string },
  readerIsPatient: boolean,
  now: Date,
): Promise<void> {
  const reads = await tx
    .selectFrom('message_read')
    .select(['account_id', 'read_at'])
    .where('thread_id', '=', thread.id)
    .execute()
  const previous = reads
    .filter((r) => (r.account_id === thread.patient_id) === readerIsPatient)
    .reduce<Date | null>((max, r) => (max && max > r.read_at ? max : r.read_at), null)
  let query = tx
    .selectFrom('message')
    .select('id')
    .where('thread_id', '=', thread.id)
    .where('kind', '=', 'message')
    .where('author_id', readerIsPatient ? '<>' : '=', thread.patient_id)
    .where('created_at', '<=', now)
  if (previous) query = query.where('created_at', '>', previous)
  const unread = await query.execute()
  for (const row of unread) {
    const stored = await tx
      .selectFrom('fhir_resource')
      .select([
        'id',
        'version_id',
        'last_updated',
        'patient_id',
        'deleted',
        sql<string | null>`content::text`.as('json'),
      ])
      .where('resource_type', '=', 'Communication')
      .where('id', '=', row.id)
      // Two readers at once: the second waits here and then sees the first one's `received`.
      .forUpdate()
      .executeTakeFirst()
    // A message from before the projection existed has no Communication to mark.
    if (!stored || stored.deleted) continue
    const opened = await store.fromRow('Communication', stored, tx)
    const resource = JSON.parse(opened.json ?? '{}') as Communication
    if (resource.received) continue
    await store.writeManaged(
      tx,
      'Communication',
      row.id,
      { ...resource, received: now.toISOString() },
      thread.patient_id,
    )
  }
}
