import type { AppointmentView } from '@tessera/contracts'
import { useCallback, useEffect, useRef, useState } from 'react'
import { schedulingApi } from '../../api/scheduling.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { startOfDay, zoneLabel } from '../../components/scheduling/time-words.ts'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { AppointmentItem } from './AppointmentItem.tsx'
import { BookingFlow, type BookingMode } from './BookingFlow.tsx'
import '../../styles/scheduling.css'

export interface PatientAppointmentsPageProps {
  area: Area
}

function loadUpcoming(signal: AbortSignal) {
  return schedulingApi.appointments({ from: startOfDay(new Date()).toISOString() }, signal)
}

/** JOURNEYS.md patient steps 5-6: my upcoming appointments, and booking one on a phone. */
export function PatientAppointmentsPage({ area }: PatientAppointmentsPageProps) {
  const [list, reload] = useApiData(loadUpcoming)
  const [flow, setFlow] = useState<BookingMode | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const listHeading = useRef<HTMLHeadingElement>(null)
  const returning = useRef(false)

  const closeFlow = useCallback(
    (changed: boolean) => {
      setFlow(null)
      returning.current = true
      if (changed) reload()
    },
    [reload],
  )
  useEffect(() => {
    if (flow === null && returning.current) {
      returning.current = false
      listHeading.current?.focus()
    }
  }, [flow])

  const open = (mode: BookingMode): void => {
    setNotice(null)
    setFlow(mode)
  }
  // After a cancel the item (and the dialog's opener) goes away: focus the list once it reloaded.
  const focusAfterLoad = useRef(false)
  const cancelled = (appointment: AppointmentView): void => {
    setNotice(`Your appointment with ${appointment.clinicianName} is cancelled.`)
    focusAfterLoad.current = true
    reload()
  }
  useEffect(() => {
    if (!focusAfterLoad.current || list.status === 'loading') return
    focusAfterLoad.current = false
    listHeading.current?.focus()
  }, [list])

  const upcoming =
    list.status === 'ready'
      ? list.data.appointments
          .filter((a) => a.status === 'booked' && Date.parse(a.end) > Date.now())
          .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
      : []

  return (
    <>
      <PageHeader title="Appointments" titleContext={area.label}>
        <p>Book a time that suits you. Times are shown in {zoneLabel()}.</p>
      </PageHeader>
      {flow ? (
        <BookingFlow
          key={flow.kind === 'book' ? 'book' : flow.appointment.id}
          mode={flow}
          onClose={closeFlow}
        />
      ) : (
        <div className="stack">
          <Alert tone="success">{notice}</Alert>
          <section className="card" aria-labelledby="upcoming-title">
            <h2 id="upcoming-title" className="section-title" ref={listHeading} tabIndex={-1}>
              Your upcoming appointments
            </h2>
            {list.status === 'loading' ? <Loading label="Loading your appointments…" /> : null}
            {list.status === 'error' ? (
              <>
                <Alert tone="error" title="We could not load your appointments">
                  {list.message}
                </Alert>
                <Button variant="secondary" onPress={reload}>
                  Try again
                </Button>
              </>
            ) : null}
            {list.status === 'ready' && upcoming.length === 0 ? (
              <p className="muted">You have no upcoming appointments.</p>
            ) : null}
            {upcoming.length > 0 ? (
              <ul className="item-list appointment-list" aria-labelledby="upcoming-title">
                {upcoming.map((appointment) => (
                  <AppointmentItem
                    key={appointment.id}
                    appointment={appointment}
                    onReschedule={() => open({ kind: 'reschedule', appointment })}
                    onCancelled={cancelled}
                  />
                ))}
              </ul>
            ) : null}
            <div className="button-row">
              <Button onPress={() => open({ kind: 'book' })}>Book an appointment</Button>
            </div>
          </section>
        </div>
      )}
    </>
  )
}
