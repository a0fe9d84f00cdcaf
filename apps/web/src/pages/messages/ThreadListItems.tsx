import type { ThreadSummary } from '@tessera/contracts'
import { formatDateTime } from '../../lib/format-time.ts'
import { STATUS_WORDS, TOPIC_WORDS, waitingWords } from './message-words.ts'

export interface ThreadListItemsProps {
  threads: readonly ThreadSummary[]
  selected: string | null
  staff: boolean
  onSelect: (threadId: string) => void
  labelledBy: string
}

/** Conversations as buttons (ids stay out of the URL); unread and waiting shown in words, not colour. */
export function ThreadListItems({ threads, selected, staff, onSelect, labelledBy }: ThreadListItemsProps) {
  return (
    <ul className="msg-threads" aria-labelledby={labelledBy}>
      {threads.map((t) => (
        <li key={t.id}>
          <button
            type="button"
            className={`msg-threads__item${t.id === selected ? ' msg-threads__item--selected' : ''}`}
            aria-current={t.id === selected ? 'true' : undefined}
            onClick={() => onSelect(t.id)}
          >
            <span className="msg-threads__subject">{t.subject}</span>
            {t.unread > 0 ? <span className="msg-badge">{t.unread} new</span> : null}
            <span className="msg-threads__meta">
              {staff ? `${t.patient.displayName} · ` : ''}
              {TOPIC_WORDS[t.topic]} · {STATUS_WORDS[t.status]}
              {staff && t.assignedTo ? ` · ${t.assignedTo.displayName}` : ''}
            </span>
            <span className="msg-threads__meta">
              {staff && t.awaitingSince ? (
                <strong>Waiting {waitingWords(t.awaitingSince)}</strong>
              ) : (
                <>Last message {formatDateTime(t.lastMessageAt)}</>
              )}
            </span>
          </button>
        </li>
      ))}
    </ul>
  )
}
