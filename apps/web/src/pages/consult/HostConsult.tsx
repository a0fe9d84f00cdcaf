import { useEffect, useState } from 'react'
import { consultApi } from '../../api/consult.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { formatClock, formatWhen } from '../../components/scheduling/time-words.ts'
import { useLobby } from '../../lib/lobby.tsx'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { CallView } from './call/CallView.tsx'
import { admittedGuests } from './guest/admitted-guests.ts'
import { GuestsPanel } from './GuestsPanel.tsx'
import { NoConsult } from './NoConsult.tsx'
import { NotesPanel } from './notes/NotesPanel.tsx'
import { useAppointment } from './use-appointment.ts'
import { useRoom } from './use-room.ts'

export interface HostConsultProps {
  appointmentId: string
  onEnded: () => void
}

/** JOURNEYS.md clinician step 3: the waiting room's state, Admit, and the call with the notes beside it. */
export function HostConsult({ appointmentId, onEnded }: HostConsultProps) {
  const { data, accept, reload } = useRoom(appointmentId)
  const lobby = useLobby()
  const room = data.status === 'ready' ? data.room : null
  const appointment = useAppointment(room)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // Ended already (a reload after "End"): the ended screen, where the note is signed.
  const ended = room?.state === 'ended'
  useEffect(() => {
    if (ended) onEnded()
  }, [ended, onEnded])

  if (data.status === 'loading') return <Loading label="Opening the consultation…" />
  if (data.status === 'error') {
    if (data.problem.kind === 'not-found') return <NoConsult host reason="not-found" />
    return (
      <div className="stack">
        <Alert tone="error" title="We could not open the consultation">
          {data.problem.kind === 'other' ? data.problem.message : null}
        </Alert>
        <div className="button-row">
          <Button variant="secondary" onPress={reload}>
            Try again
          </Button>
        </div>
      </div>
    )
  }

  const view = data.room
  const patient = appointment?.patientName ?? 'The patient'
  const admit = async (): Promise<void> => {
    setPending(true)
    setError(null)
    try {
      accept(await consultApi.admit(appointmentId))
      lobby?.refreshWaiting()
    } catch (e) {
      setError(toSubmitErrors(e).message)
      reload()
    } finally {
      setPending(false)
    }
  }

  return (
    <div className="stack">
      <section className="card host-room" aria-labelledby="host-room-title">
        <h2 id="host-room-title" className="section-title">
          {appointment ? `${patient}, ${appointment.type.name}` : 'Waiting room'}
        </h2>
        <p className="muted">{formatWhen(view.start)}</p>
        <div role="status">
          {view.state === 'not-checked-in' ? (
            <p>{patient} has not checked in yet. You will see and hear it when they do.</p>
          ) : null}
          {view.state === 'waiting' ? (
            <p className="host-room__waiting">
              {patient} is in the waiting room
              {view.checkedInAt ? ` since ${formatClock(view.checkedInAt)}` : ''}.
            </p>
          ) : null}
          {view.state === 'admitted' ? (
            <p>
              {patient} was let in{view.admittedAt ? ` at ${formatClock(view.admittedAt)}` : ''}.
            </p>
          ) : null}
        </div>
        <Alert tone="error">{error}</Alert>
        {view.state === 'waiting' ? (
          <div className="button-row">
            <Button isPending={pending} onPress={() => void admit()}>
              Admit {appointment?.patientName ?? 'the patient'}
            </Button>
          </div>
        ) : null}
      </section>
      <GuestsPanel appointmentId={appointmentId} />
      <CallView
        appointmentId={appointmentId}
        role="host"
        mayJoin={(p) => p.role !== 'guest' || admittedGuests(appointmentId).has(p.accountId)}
        aside={<NotesPanel appointmentId={appointmentId} />}
        onEnded={onEnded}
      />
    </div>
  )
}
