import type { Role, ThreadDetail } from '@tessera/contracts'
import { useCallback, useEffect, useRef } from 'react'
import { messagesApi } from '../../api/messages.ts'
import { Alert } from '../../components/Alert.tsx'
import { Loading } from '../../components/Loading.tsx'
import { useApiData } from '../../lib/use-api-data.ts'
import { MessageItem } from './MessageItem.tsx'
import { ReplyForm } from './ReplyForm.tsx'
import { STATUS_WORDS, TOPIC_WORDS } from './message-words.ts'
import { TriageBar } from './TriageBar.tsx'

export interface ThreadViewProps {
  threadId: string
  accountId: string
  role: Role
  /** Bumped when the live stream says this thread changed: the view re-reads it. */
  version: number
  /** The list should re-read (a message was sent, read or triaged). */
  onChanged: () => void
}

/** One conversation, oldest first, with the reply form; it marks itself read when opened or updated. */
export function ThreadView({ threadId, accountId, role, version, onChanged }: ThreadViewProps) {
  // `version` is a dependency on purpose: a new version (the live stream) means "read it again".
  const load = useCallback((signal: AbortSignal) => messagesApi.get(threadId, signal), [threadId, version])
  const [detail, reload] = useApiData(load)
  const staff = role !== 'patient'
  const end = useRef<HTMLLIElement>(null)

  // Each answer is a new object: a re-read that still shows unread messages marks them read again.
  const loaded = detail.status === 'ready' ? detail.data : null
  useEffect(() => {
    if (loaded && loaded.thread.unread > 0) messagesApi.markRead(loaded.thread.id).then(onChanged, () => {})
  }, [loaded, onChanged])

  const onSent = useCallback(
    (_sent: ThreadDetail) => {
      reload()
      onChanged()
    },
    [reload, onChanged],
  )

  if (detail.status === 'loading') return <Loading label="Loading the conversation…" />
  if (detail.status === 'error')
    return (
      <Alert tone="error" title="We could not open this conversation">
        {detail.message}
      </Alert>
    )
  const { thread, messages } = detail.data
  return (
    <section className="card msg-thread" aria-labelledby="msg-thread-title">
      <h2 id="msg-thread-title" className="section-title msg-thread__subject">
        {thread.subject}
      </h2>
      <p className="muted msg-thread__facts">
        {staff ? <>{thread.patient.displayName} · </> : null}
        {TOPIC_WORDS[thread.topic]} · {STATUS_WORDS[thread.status]}
      </p>
      {staff ? (
        <TriageBar
          thread={thread}
          onChanged={() => {
            reload()
            onChanged()
          }}
        />
      ) : null}
      <ol className="msg-list" aria-label="Messages">
        {messages.map((m) => (
          <MessageItem key={m.id} message={m} mine={m.author.id === accountId} />
        ))}
        <li ref={end} className="msg-list__end" aria-hidden="true" />
      </ol>
      <ReplyForm
        threadId={thread.id}
        patientId={thread.patient.id}
        staff={staff}
        canAttach={role === 'patient' || role === 'clinician'}
        onSent={onSent}
      />
    </section>
  )
}
