import type { AppointmentView } from '@tessera/contracts'
import type { RefObject } from 'react'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { AppointmentSummary } from '../../components/scheduling/AppointmentSummary.tsx'
import { useCalendarFile } from '../../components/scheduling/use-calendar-file.ts'

export interface BookedStepProps {
  appointment: AppointmentView
  moved: boolean
  headingRef: RefObject<HTMLHeadingElement | null>
  onClose: () => void
}

/** Booked (or moved): the appointment in full, the calendar file, and the way back. */
export function BookedStep({ appointment, moved, headingRef, onClose }: BookedStepProps) {
  const calendar = useCalendarFile(appointment.id)
  return (
    <section className="card booking" aria-labelledby="booked-title">
      <h2 id="booked-title" className="section-title" ref={headingRef} tabIndex={-1}>
        {moved ? 'Your appointment is moved' : 'You are booked'}
      </h2>
      <Alert tone="success">
        {moved ? 'We saved the new time.' : 'We saved your appointment.'} We will send a reminder before it.
      </Alert>
      <AppointmentSummary
        start={appointment.start}
        typeName={appointment.type.name}
        mode={appointment.type.mode}
        clinicianName={appointment.clinicianName}
      />
      <p className="muted">
        The calendar file holds only the date and time, so nothing about your care shows in your calendar.
      </p>
      <Alert tone="error" title="We could not get the calendar file">
        {calendar.error}
      </Alert>
      <div className="button-row">
        <Button variant="secondary" isPending={calendar.pending} onPress={() => void calendar.save()}>
          Add to calendar (.ics)
        </Button>
        <Button onPress={onClose}>Back to your appointments</Button>
      </div>
    </section>
  )
}
