import type { AppointmentView } from '@tessera/contracts'
import { Button } from '../../components/Button.tsx'
import { openConsult } from './open-consult.ts'

const EARLY_MS = 15 * 60_000
const LATE_MS = 60 * 60_000

/**
 * Whether to offer "Join" on a video appointment. The server decides at check-in (too early, too
 * late); here it is shown when the browser's clock says the waiting room is open, or when the
 * server already says the appointment is too close to change online (its clock, not ours).
 */
export function mayOfferJoin(appointment: AppointmentView, now = Date.now()): boolean {
  if (appointment.type.mode !== 'video' || appointment.status !== 'booked') return false
  const start = Date.parse(appointment.start)
  const end = Date.parse(appointment.end)
  const inWindow = now >= start - EARLY_MS && now <= end + LATE_MS
  return inWindow || (!appointment.changeable && now <= end + LATE_MS)
}

export interface JoinConsultButtonProps {
  appointment: AppointmentView
  /** The id of the appointment's title, for the button's description. */
  describedBy: string
}

export function JoinConsultButton({ appointment, describedBy }: JoinConsultButtonProps) {
  if (!mayOfferJoin(appointment)) return null
  return (
    <Button onPress={() => openConsult(appointment.id, 'patient')} aria-describedby={describedBy}>
      Join the video call
    </Button>
  )
}

/** The clinician's way into a video appointment from the day list (the host may open it any time). */
export function HostConsultButton({ appointment, describedBy }: JoinConsultButtonProps) {
  if (appointment.type.mode !== 'video' || appointment.status !== 'booked') return null
  return (
    <Button
      variant="secondary"
      onPress={() => openConsult(appointment.id, 'clinician')}
      aria-describedby={describedBy}
    >
      Open the video consultation
    </Button>
  )
}
