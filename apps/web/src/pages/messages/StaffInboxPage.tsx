import type { Role, ThreadListQuery, ThreadStatus } from '@tessera/contracts'
import { useCallback, useState } from 'react'
import { messagesApi } from '../../api/messages.ts'
import { Alert } from '../../components/Alert.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { SelectField } from '../../components/SelectField.tsx'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { STATUS_WORDS } from './message-words.ts'
import { ThreadListItems } from './ThreadListItems.tsx'
import { ThreadView } from './ThreadView.tsx'
import { useLiveThreads } from './use-live-threads.ts'
import '../../styles/messages.css'

export interface StaffInboxPageProps {
  area: Area
  accountId: string
  role: Role
}

type Assigned = NonNullable<ThreadListQuery['assigned']>

/** JOURNEYS.md clinician step 5 (message queue): the longest-waiting patient first, live. */
export function StaffInboxPage({ area, accountId, role }: StaffInboxPageProps) {
  const [status, setStatus] = useState<ThreadStatus | ''>('open')
  const [assigned, setAssigned] = useState<Assigned>('any')
  const load = useCallback(
    (signal: AbortSignal) => messagesApi.list({ ...(status ? { status } : {}), assigned }, signal),
    [status, assigned],
  )
  const [list, reload] = useApiData(load)
  const [selected, setSelected] = useState<string | null>(null)
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
      <PageHeader title="Inbox" titleContext={area.label}>
        <p>
          {role === 'reception'
            ? 'Patients’ messages about appointments and admin.'
            : 'Messages from the patients in your care team, and their admin questions.'}
        </p>
      </PageHeader>
      <div className="msg-layout msg-layout--staff">
        <section className="card msg-layout__list" aria-labelledby="inbox-title">
          <h2 id="inbox-title" className="section-title">
            Conversations
          </h2>
          <div className="msg-filters">
            <SelectField
              label="Status"
              name="status"
              value={status}
              options={[
                { value: '', label: 'Any status' },
                ...Object.entries(STATUS_WORDS).map(([value, label]) => ({ value, label })),
              ]}
              onChange={(value) => setStatus(value as ThreadStatus | '')}
            />
            <SelectField
              label="Assigned"
              name="assigned"
              value={assigned}
              options={[
                { value: 'any', label: 'Anyone' },
                { value: 'me', label: 'Me' },
                { value: 'unassigned', label: 'Nobody yet' },
              ]}
              onChange={(value) => setAssigned(value as Assigned)}
            />
          </div>
          {list.status === 'loading' ? <Loading label="Loading the inbox…" /> : null}
          {list.status === 'error' ? <Alert tone="error">{list.message}</Alert> : null}
          {list.status === 'ready' && list.data.threads.length === 0 ? (
            <p className="muted">Nothing here.</p>
          ) : null}
          {list.status === 'ready' && list.data.threads.length > 0 ? (
            <ThreadListItems
              threads={list.data.threads}
              selected={selected}
              staff
              labelledBy="inbox-title"
              onSelect={setSelected}
            />
          ) : null}
        </section>
        <div className="msg-layout__main">
          {selected ? (
            <ThreadView
              threadId={selected}
              accountId={accountId}
              role={role}
              version={version}
              onChanged={reload}
            />
          ) : (
            <p className="muted">Choose a conversation.</p>
          )}
        </div>
      </div>
    </>
  )
}
