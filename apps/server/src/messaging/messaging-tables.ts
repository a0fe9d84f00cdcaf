import type { ColumnType, Generated } from 'kysely'
import type { MessageKind, ThreadStatus, ThreadTopic } from '@tessera/contracts'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>

export interface MessageThreadTable {
  id: string
  patient_id: string
  topic: ThreadTopic
  /** TextEnvelope value, context `message-thread/<id>/subject`. */
  subject_sealed: string
  status: ThreadStatus
  assigned_to: string | null
  created_by: string
  created_at: Timestamp
  last_message_at: Timestamp
  /** The oldest patient message no staff message has answered since; null when none waits. */
  awaiting_since: NullableTimestamp
}

export interface MessageTable {
  id: string
  /** Order within a thread (bigint, generated). */
  seq: Generated<string>
  thread_id: string
  patient_id: string
  author_id: string
  author_role: string
  kind: MessageKind
  /** TextEnvelope value, context `message/<id>/body`. */
  body_sealed: string
  created_at: Timestamp
}

export interface MessageAttachmentTable {
  message_id: string
  position: number
  document_id: string
}

export interface MessageReadTable {
  thread_id: string
  account_id: string
  read_at: Timestamp
}
