import type { AppointmentView } from '@tessera/contracts'
import { useState } from 'react'
import { schedulingApi } from '../../api/scheduling.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { AppointmentSummary } from '../../components/scheduling/AppointmentSummary.tsx'
import { formatWhen } from '../../components/scheduling/time-words.ts'
import { useCalendarFile } from '../../components/scheduling/use-calendar-file.ts'
import { JoinConsultButton } from '../consult/JoinConsultButton.tsx'

export interface AppointmentItemProps {
  appointment: AppointmentView
  onReschedule: () => void
  onCancelled: (appointment: AppointmentView) => void
}

/** One upcoming appointment: when, what, with whom; move, cancel, or add it to a calendar. */
export function AppointmentItem({ appointment, onReschedule, onCancelled }: AppointmentItemProps) {
  const [confirming, setConfirming] = useState(false)
  const calendar = useCalendarFile(appointment.id)
  const titleId = `appointment-${appointment.id}`
  return (
    <li className="item appointment-item">
      <h3 id={titleId} className="subsection-title">
        {appointment.type.name}
      </h3>
      <AppointmentSummary
        start={appointment.start}
        typeName={appointment.type.name}
        mode={appointment.type.mode}
        clinicianName={appointment.clinicianName}
      />
      {appointment.changeable ? (
        appointment.changeUntil ? (
          <p className="muted">
            You can change or cancel it here until {formatWhen(appointment.changeUntil)}.
          </p>
        ) : null
      ) : (
        <p className="appointment-item__locked">
          It is too close to change online. To move or cancel it, call the clinic.
        </p>
      )}
      <Alert tone="error" title="We could not get the calendar file">
        {calendar.error}
      </Alert>
      <div className="button-row">
        <JoinConsultButton appointment={appointment} describedBy={titleId} />
        {appointment.changeable ? (
          <>
            <Button variant="secondary" onPress={onReschedule} aria-describedby={titleId}>
              Reschedule
            </Button>
            <Button variant="secondary" onPress={() => setConfirming(true)} aria-describedby={titleId}>
              Cancel appointment
            </Button>
          </>
        ) : null}
        <Button
          variant="quiet"
          isPending={calendar.pending}
          onPress={() => void calendar.save()}
          aria-describedby={titleId}
        >
          Add to calendar
        </Button>
      </div>
      <ConfirmDialog
        title="Cancel this appointment?"
        isOpen={confirming}
        confirmLabel="Yes, cancel it"
        danger
        onConfirm={async () => {
          const cancelled = await schedulingApi.cancel(appointment.id)
          onCancelled(cancelled)
        }}
        onClose={() => setConfirming(false)}
      >
        <p>
          {appointment.type.name} with {appointment.clinicianName}, {formatWhen(appointment.start)}. The time
          goes back to the clinic for someone else.
        </p>
      </ConfirmDialog>
    </li>
  )
}
