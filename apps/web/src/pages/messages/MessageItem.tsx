import type { MessageView } from '@tessera/contracts'
import { formatDateTime } from '../../lib/format-time.ts'
import { sizeWords } from '../documents/document-words.ts'
import { MessageText } from './MessageText.tsx'

export interface MessageItemProps {
  message: MessageView
  mine: boolean
}

/** One message or internal note: who, when, the text, attachments, and for one's own, the receipt. */
export function MessageItem({ message, mine }: MessageItemProps) {
  const note = message.kind === 'internal-note'
  const tone = note ? 'note' : mine ? 'mine' : 'theirs'
  return (
    <li className={`msg-bubble msg-bubble--${tone}`} data-kind={message.kind}>
      <p className="msg-bubble__meta">
        {note ? <strong className="msg-bubble__note-label">Internal note · </strong> : null}
        <span className="msg-bubble__author">{mine ? 'You' : message.author.displayName}</span>
        {' · '}
        <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
      </p>
      <MessageText text={message.body} />
      {message.attachments.length ? (
        <ul className="msg-bubble__files" aria-label="Attachments">
          {message.attachments.map((a) =>
            a.available ? (
              <li key={a.documentId}>
                <a href={`/api/documents/${encodeURIComponent(a.documentId)}/content`} download>
                  {a.title}
                </a>{' '}
                <span className="muted">({sizeWords(a.size)})</span>
              </li>
            ) : (
              <li key={a.documentId} className="muted">
                A file (only the care team can open it)
              </li>
            ),
          )}
        </ul>
      ) : null}
      {mine && !note ? (
        <p className="msg-bubble__receipt">
          {message.readAt ? `Read ${formatDateTime(message.readAt)}` : 'Sent'}
        </p>
      ) : null}
    </li>
  )
}
