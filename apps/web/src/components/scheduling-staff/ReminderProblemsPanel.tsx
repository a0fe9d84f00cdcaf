import type { ReminderFailure } from '@tessera/contracts'
import { useState } from 'react'
import { schedulingStaffApi } from '../../api/scheduling-admin.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { Alert } from '../Alert.tsx'
import { Button } from '../Button.tsx'
import { Loading } from '../Loading.tsx'
import { LoadProblem } from './LoadProblem.tsx'
import { formatWhen } from './zoned-time.ts'

const CHANNEL = { email: 'Email', sms: 'Text message' } as const

/** S24: reminders that could not be delivered after retries, for reception to follow up by phone. */
export function ReminderProblemsPanel({ timeZone }: { timeZone: string }) {
  const [failures, reload] = useApiData(schedulingStaffApi.reminderFailures)
  const [done, setDone] = useState<string[]>([])
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const acknowledge = async (failure: ReminderFailure): Promise<void> => {
    setBusy(failure.id)
    setError(null)
    try {
      await schedulingStaffApi.acknowledgeFailure(failure.id)
      setDone((ids) => [...ids, failure.id])
    } catch (cause) {
      setError(toSubmitErrors(cause).message)
    } finally {
      setBusy(null)
    }
  }

  const open = failures.status === 'ready' ? failures.data.failures.filter((f) => !done.includes(f.id)) : []
  return (
    <section className="card" aria-labelledby="reminder-problems-title">
      <h2 id="reminder-problems-title" className="section-title">
        Reminder problems
      </h2>
      <p className="muted">
        Reminders that could not be delivered. Contact the patient another way, then acknowledge.
      </p>
      <Alert tone="error" title="That did not work">
        {error}
      </Alert>
      {failures.status === 'loading' ? <Loading label="Loading reminder problems…" /> : null}
      {failures.status === 'error' ? (
        <LoadProblem
          title="We could not load the reminder problems"
          message={failures.message}
          onRetry={reload}
        />
      ) : null}
      {failures.status === 'ready' && open.length === 0 ? <p>No reminder problems.</p> : null}
      {open.length > 0 ? (
        <ul className="item-list">
          {open.map((f) => (
            <li key={f.id} className="item">
              <div className="item__main">
                <p className="item__title">
                  {f.patientName}
                  <span className="badge badge--danger">{`${CHANNEL[f.channel]} failed`}</span>
                </p>
                <p className="item__meta">
                  {`Appointment ${formatWhen(f.appointmentStart, timeZone)} · ${f.attempts} attempt${f.attempts === 1 ? '' : 's'}, last ${formatWhen(f.failedAt, timeZone)}`}
                </p>
                <p className="item__meta">{`Reason: ${f.error}`}</p>
              </div>
              <div className="item__actions">
                <Button
                  variant="secondary"
                  isPending={busy === f.id}
                  aria-label={`Acknowledge the failed reminder for ${f.patientName}`}
                  onPress={() => void acknowledge(f)}
                >
                  Acknowledge
                </Button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
