import { useEffect, useState } from 'react'
import { consultApi } from '../../api/consult.ts'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { formatWhen } from '../../components/scheduling/time-words.ts'
import { CallView } from './call/CallView.tsx'
import { consultProblem, type ConsultProblem } from './consult-problems.ts'
import { DeviceCheck } from './DeviceCheck.tsx'
import { e2eeUnsupportedReason } from '../../call/browser-support.ts'
import { NetworkCheck } from './NetworkCheck.tsx'
import { NoConsult } from './NoConsult.tsx'
import { ProblemMessage } from './ProblemMessage.tsx'
import { useAppointment } from './use-appointment.ts'
import { useRoom } from './use-room.ts'
import { WaitingRoom } from './WaitingRoom.tsx'

export interface PatientConsultProps {
  appointmentId: string
  onEnded: () => void
}

/** JOURNEYS.md patient step 7: device and network check, "I'm ready", the waiting room, the call. */
export function PatientConsult({ appointmentId, onEnded }: PatientConsultProps) {
  const { data, accept, reload } = useRoom(appointmentId)
  const room = data.status === 'ready' ? data.room : null
  const appointment = useAppointment(room)
  const [pending, setPending] = useState(false)
  const [problem, setProblem] = useState<ConsultProblem | null>(null)
  // The clinician ended the consultation (pushed live, or found on a reload): the page says so.
  const ended = room?.state === 'ended'
  useEffect(() => {
    if (ended) onEnded()
  }, [ended, onEnded])

  if (data.status === 'loading') return <Loading label="Opening your consultation…" />
  if (data.status === 'error') {
    if (data.problem.kind === 'not-found') return <NoConsult host={false} reason="not-found" />
    return (
      <div className="stack">
        <ProblemMessage problem={data.problem} />
        <div className="button-row">
          <Button variant="secondary" onPress={reload}>
            Try again
          </Button>
        </div>
      </div>
    )
  }

  const { room: view } = data
  if (view.state === 'admitted')
    return <CallView appointmentId={appointmentId} role="patient" onEnded={onEnded} />
  if (view.state === 'waiting')
    return <WaitingRoom room={view} clinicianName={appointment?.clinicianName ?? null} />

  const unsupported = e2eeUnsupportedReason()
  const checkIn = async (): Promise<void> => {
    setPending(true)
    setProblem(null)
    try {
      accept(await consultApi.checkIn(appointmentId))
    } catch (error) {
      setProblem(consultProblem(error))
    } finally {
      setPending(false)
    }
  }

  return (
    <div className="stack">
      <section className="card" aria-labelledby="consult-intro-title">
        <h2 id="consult-intro-title" className="section-title">
          Before you join
        </h2>
        <p>
          {appointment
            ? `${appointment.type.name} with ${appointment.clinicianName}, `
            : 'Your appointment, '}
          {formatWhen(view.start)}. The waiting room opens 15 minutes before.
        </p>
        <p className="muted">Check your camera, microphone and network, then tell us you are ready.</p>
      </section>
      {unsupported ? (
        <div role="alert" className="alert alert--error">
          <p className="alert__title">This browser cannot join the call</p>
          <p>{unsupported}</p>
        </div>
      ) : null}
      <div className="consult-checks">
        <DeviceCheck />
        <NetworkCheck appointmentId={appointmentId} />
      </div>
      <ProblemMessage problem={problem} />
      <div className="button-row">
        <Button isPending={pending} isDisabled={unsupported !== null} onPress={() => void checkIn()}>
          I&apos;m ready
        </Button>
      </div>
    </div>
  )
}
