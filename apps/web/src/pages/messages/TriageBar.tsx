import type { ThreadStatus, ThreadSummary } from '@tessera/contracts'
import { useCallback, useState } from 'react'
import { messagesApi } from '../../api/messages.ts'
import { Alert } from '../../components/Alert.tsx'
import { SelectField } from '../../components/SelectField.tsx'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { STATUS_WORDS } from './message-words.ts'

/** Staff: the thread's status and who is handling it. */
export function TriageBar({ thread, onChanged }: { thread: ThreadSummary; onChanged: () => void }) {
  const load = useCallback((signal: AbortSignal) => messagesApi.assignees(thread.id, signal), [thread.id])
  const [assignees] = useApiData(load)
  const [error, setError] = useState('')
  const change = (body: { status?: ThreadStatus; assignedTo?: string | null }) => {
    setError('')
    messagesApi
      .update(thread.id, body)
      .then(onChanged, (err: unknown) => setError(toSubmitErrors(err).message))
  }
  const staff = assignees.status === 'ready' ? assignees.data.staff : []
  return (
    <div className="msg-triage">
      <SelectField
        label="Status"
        name="status"
        value={thread.status}
        options={Object.entries(STATUS_WORDS).map(([value, label]) => ({ value, label }))}
        onChange={(value) => change({ status: value as ThreadStatus })}
      />
      <SelectField
        label="Assigned to"
        name="assignedTo"
        value={thread.assignedTo?.id ?? ''}
        options={[
          { value: '', label: 'Nobody' },
          ...staff.map((s) => ({ value: s.id, label: s.displayName })),
          ...(thread.assignedTo && !staff.some((s) => s.id === thread.assignedTo?.id)
            ? [{ value: thread.assignedTo.id, label: thread.assignedTo.displayName }]
            : []),
        ]}
        onChange={(value) => change({ assignedTo: value || null })}
      />
      <Alert tone="error">{error || null}</Alert>
    </div>
  )
}
