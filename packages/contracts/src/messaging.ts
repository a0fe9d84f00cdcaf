// Secure messaging (issue 11): threads between a patient and the clinic's care team, the staff
// inbox (status, assignment, age of the oldest unanswered patient message), internal notes that
// only staff see, attachments from the vault, read receipts. No edits: a correction is a new message.
import { Type, type Static } from 'typebox'
import { Uuid } from './auth.ts'
import { DocumentContentType } from './documents.ts'

export const MESSAGE_MAX_CHARS = 10_000
export const SUBJECT_MAX_CHARS = 120
export const MESSAGE_MAX_ATTACHMENTS = 5
/** Messages (and notes) one person may write in `MESSAGE_RATE_WINDOW_MINUTES`. */
export const MESSAGE_RATE_LIMIT = 30
export const MESSAGE_RATE_WINDOW_MINUTES = 10

/** clinical: the patient's care team (clinicians); admin: appointments and paperwork (reception too). */
export const ThreadTopic = Type.Union([Type.Literal('clinical'), Type.Literal('admin')])
export type ThreadTopic = Static<typeof ThreadTopic>

export const ThreadStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('waiting-on-patient'),
  Type.Literal('closed'),
])
export type ThreadStatus = Static<typeof ThreadStatus>

export const MessageKind = Type.Union([Type.Literal('message'), Type.Literal('internal-note')])
export type MessageKind = Static<typeof MessageKind>

const Body = Type.String({ minLength: 1, maxLength: MESSAGE_MAX_CHARS })
const Attachments = Type.Array(Uuid, { maxItems: MESSAGE_MAX_ATTACHMENTS })

export const ThreadIdParams = Type.Object({ threadId: Uuid }, { additionalProperties: false })

export const ThreadListQuery = Type.Object(
  {
    status: Type.Optional(ThreadStatus),
    /** Staff only: `me`, `unassigned`, or any (default). */
    assigned: Type.Optional(
      Type.Union([Type.Literal('me'), Type.Literal('unassigned'), Type.Literal('any')]),
    ),
  },
  { additionalProperties: false },
)
export type ThreadListQuery = Static<typeof ThreadListQuery>

/** A patient starts a thread: what it is about, a subject and the first message. */
export const NewThreadBody = Type.Object(
  {
    topic: ThreadTopic,
    subject: Type.String({ minLength: 1, maxLength: SUBJECT_MAX_CHARS }),
    body: Body,
    /** Vault document ids (uploaded first, through the documents route). */
    attachments: Type.Optional(Attachments),
  },
  { additionalProperties: false },
)
export type NewThreadBody = Static<typeof NewThreadBody>

export const NewMessageBody = Type.Object(
  {
    body: Body,
    attachments: Type.Optional(Attachments),
    /** Staff only: a note the patient never sees. */
    internal: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type NewMessageBody = Static<typeof NewMessageBody>

/** Staff: change the status or the assignee (null unassigns). */
export const ThreadUpdateBody = Type.Object(
  {
    status: Type.Optional(ThreadStatus),
    assignedTo: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type ThreadUpdateBody = Static<typeof ThreadUpdateBody>

export const PersonRef = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
})
export type PersonRef = Static<typeof PersonRef>

export const ThreadSummary = Type.Object({
  id: Type.String(),
  patient: PersonRef,
  topic: ThreadTopic,
  subject: Type.String(),
  status: ThreadStatus,
  assignedTo: Type.Union([PersonRef, Type.Null()]),
  createdAt: Type.String(),
  lastMessageAt: Type.String(),
  /** Staff view: when the oldest patient message that no staff message answered yet was sent. */
  awaitingSince: Type.Union([Type.String(), Type.Null()]),
  /** Messages (and, for staff, notes) newer than the caller's last read. */
  unread: Type.Integer(),
})
export type ThreadSummary = Static<typeof ThreadSummary>

export const ThreadList = Type.Object({ threads: Type.Array(ThreadSummary) })
export type ThreadList = Static<typeof ThreadList>

export const MessageAttachment = Type.Union([
  Type.Object({
    documentId: Type.String(),
    available: Type.Literal(true),
    /** Display text only: what the uploader called the file. */
    title: Type.String(),
    contentType: DocumentContentType,
    size: Type.Integer(),
  }),
  /** The caller's role cannot open documents (reception): the attachment is only counted. */
  Type.Object({ documentId: Type.String(), available: Type.Literal(false) }),
])
export type MessageAttachment = Static<typeof MessageAttachment>

export const MessageView = Type.Object({
  id: Type.String(),
  threadId: Type.String(),
  kind: MessageKind,
  author: PersonRef,
  /** Plain text; clients render it as text (links made safe), never as HTML. */
  body: Type.String(),
  createdAt: Type.String(),
  attachments: Type.Array(MessageAttachment),
  /** For the author's side: when the other side (the patient, or any of the care team) read it. */
  readAt: Type.Union([Type.String(), Type.Null()]),
})
export type MessageView = Static<typeof MessageView>

export const ThreadDetail = Type.Object({
  thread: ThreadSummary,
  messages: Type.Array(MessageView),
})
export type ThreadDetail = Static<typeof ThreadDetail>

export const AssigneeList = Type.Object({ staff: Type.Array(PersonRef) })
export type AssigneeList = Static<typeof AssigneeList>

/** What the live stream (GET /api/messages/events) says: ids only, never a subject or a body. */
export const ThreadChangedEvent = Type.Object({ threadId: Type.String() })
export type ThreadChangedEvent = Static<typeof ThreadChangedEvent>
