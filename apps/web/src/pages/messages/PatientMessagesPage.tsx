import { useCallback, useState } from 'react'
import { messagesApi } from '../../api/messages.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { NewThreadForm } from './NewThreadForm.tsx'
import { ThreadListItems } from './ThreadListItems.tsx'
import { ThreadView } from './ThreadView.tsx'
import { useLiveThreads } from './use-live-threads.ts'
import '../../styles/messages.css'

export interface PatientMessagesPageProps {
  area: Area
  patientId: string
}

/** JOURNEYS.md patient step 8: secure messages with the care team; new replies appear without reload. */
export function PatientMessagesPage({ area, patientId }: PatientMessagesPageProps) {
  const load = useCallback((signal: AbortSignal) => messagesApi.list({}, signal), [])
  const [list, reload] = useApiData(load)
  const [selected, setSelected] = useState<string | null>(null)
  const [composing, setComposing] = useState(false)
  const [version, setVersion] = useState(0)

  useLiveThreads(
    useCallback(
      (threadId: string) => {
        reload()
        if (threadId === selected) setVersion((n) => n + 1)
      },
      [reload, selected],
    ),
  )

  return (
    <>
      <PageHeader title="Messages" titleContext={area.label}>
        <p>Write to your care team. Replies appear here; we email you only to say there is something new.</p>
      </PageHeader>
      <div className="msg-layout">
        <section className="card msg-layout__list" aria-labelledby="msg-list-title">
          <h2 id="msg-list-title" className="section-title">
            Your conversations
          </h2>
          {!composing ? (
            <Button
              onPress={() => {
                setComposing(true)
                setSelected(null)
              }}
            >
              New message
            </Button>
          ) : null}
          {list.status === 'loading' ? <Loading label="Loading your messages…" /> : null}
          {list.status === 'error' ? <Alert tone="error">{list.message}</Alert> : null}
          {list.status === 'ready' && list.data.threads.length === 0 ? (
            <p className="muted">No messages yet.</p>
          ) : null}
          {list.status === 'ready' && list.data.threads.length > 0 ? (
            <ThreadListItems
              threads={list.data.threads}
              selected={selected}
              staff={false}
              labelledBy="msg-list-title"
              onSelect={(id) => {
                setComposing(false)
                setSelected(id)
              }}
            />
          ) : null}
        </section>
        <div className="msg-layout__main">
          {composing ? (
            <NewThreadForm
              patientId={patientId}
              onCancel={() => setComposing(false)}
              onStarted={(detail) => {
                setComposing(false)
                setSelected(detail.thread.id)
                reload()
              }}
            />
          ) : null}
          {selected && !composing ? (
            <ThreadView
              threadId={selected}
              accountId={patientId}
              role="patient"
              version={version}
              onChanged={reload}
            />
          ) : null}
        </div>
      </div>
    </>
  )
}
