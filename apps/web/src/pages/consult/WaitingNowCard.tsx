import type { WaitingEntry } from '@tessera/contracts'
import { useState } from 'react'
import { consultApi } from '../../api/consult.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { formatClock, formatWhen } from '../../components/scheduling/time-words.ts'
import { useLobby } from '../../lib/lobby.tsx'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { openConsult } from './open-consult.ts'
import '../../styles/consult.css'

/** Today's "Waiting now": who checked in, live from the lobby; admit them, then join the call. */
export function WaitingNowCard() {
  const lobby = useLobby()
  // Admitted here: they leave the waiting list, but the clinician still needs "Join call".
  const [admitted, setAdmitted] = useState<readonly WaitingEntry[]>([])
  const [pending, setPending] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  if (!lobby || lobby.role !== 'clinician') return null
  const waiting = lobby.waiting ?? []

  const admit = async (entry: WaitingEntry): Promise<void> => {
    setPending(entry.appointmentId)
    setError(null)
    try {
      await consultApi.admit(entry.appointmentId)
      setAdmitted((prev) => [...prev.filter((a) => a.appointmentId !== entry.appointmentId), entry])
      lobby.refreshWaiting()
    } catch (e) {
      setError(toSubmitErrors(e).message)
      lobby.refreshWaiting()
    } finally {
      setPending(null)
    }
  }

  const rows = [
    ...waiting.map((entry) => ({ entry, state: 'waiting' as const })),
    ...admitted
      .filter((a) => !waiting.some((w) => w.appointmentId === a.appointmentId))
      .map((entry) => ({ entry, state: 'admitted' as const })),
  ]
  return (
    <section className="card waiting-now" aria-labelledby="waiting-now-title">
      <h2 id="waiting-now-title" className="section-title">
        Waiting now
      </h2>
      <Alert tone="error">{error}</Alert>
      {lobby.waiting === null ? <p className="muted">Checking the waiting room…</p> : null}
      {lobby.waiting !== null && rows.length === 0 ? (
        <p className="muted">
          Nobody is waiting. You will see and hear it here, and on every page, when someone checks in.
        </p>
      ) : null}
      {rows.length > 0 ? (
        <ul className="item-list waiting-now__list" aria-labelledby="waiting-now-title">
          {rows.map(({ entry, state }) => {
            const titleId = `waiting-${entry.appointmentId}`
            return (
              <li key={entry.appointmentId} className="item waiting-now__item">
                <h3 id={titleId} className="subsection-title">
                  {entry.patientName}
                </h3>
                <p className="muted">
                  Appointment {formatWhen(entry.start)}.{' '}
                  {state === 'waiting' ? `Waiting since ${formatClock(entry.checkedInAt)}.` : 'Let in.'}
                </p>
                <div className="button-row">
                  {state === 'waiting' ? (
                    <Button
                      isPending={pending === entry.appointmentId}
                      onPress={() => void admit(entry)}
                      aria-describedby={titleId}
                    >
                      Admit
                    </Button>
                  ) : null}
                  <Button
                    variant={state === 'waiting' ? 'secondary' : 'primary'}
                    onPress={() => openConsult(entry.appointmentId, 'clinician')}
                    aria-describedby={titleId}
                  >
                    Join call
                  </Button>
                </div>
              </li>
            )
          })}
        </ul>
      ) : null}
    </section>
  )
}
