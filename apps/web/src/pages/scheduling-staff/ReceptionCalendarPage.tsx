import type { BookableClinician } from '@tessera/contracts'
import { useCallback, useState } from 'react'
import { schedulingStaffApi } from '../../api/scheduling-admin.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { BookingDialog } from '../../components/scheduling-staff/BookingDialog.tsx'
import { CalendarToolbar, type CalendarMode } from '../../components/scheduling-staff/CalendarToolbar.tsx'
import { DayView, WeekView } from '../../components/scheduling-staff/CalendarViews.tsx'
import { LoadProblem } from '../../components/scheduling-staff/LoadProblem.tsx'
import { ReminderProblemsPanel } from '../../components/scheduling-staff/ReminderProblemsPanel.tsx'
import {
  addDays,
  browserTimeZone,
  formatDay,
  localDate,
  mondayOf,
  zoneAbbreviation,
  zonedInstant,
} from '../../components/scheduling-staff/zoned-time.ts'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import '../../styles/scheduling-staff.css'

/** The zone most clinicians work in stands for the clinic's; the browser's when there are none. */
function clinicZone(clinicians: readonly BookableClinician[]): string {
  const counts = new Map<string, number>()
  for (const c of clinicians) counts.set(c.timeZone, (counts.get(c.timeZone) ?? 0) + 1)
  const [best] = [...counts].sort((a, b) => b[1] - a[1])
  return best?.[0] ?? browserTimeZone()
}

/** Reception's calendar: every clinician's day or week, booking for patients, and reminder problems. */
export function ReceptionCalendarPage({ area }: { area: Area }) {
  const [clinicians, reload] = useApiData(schedulingStaffApi.clinicians)
  return (
    <>
      <PageHeader title="Calendar" titleContext={area.label}>
        <p>Every clinician&apos;s appointments. Book, reschedule and cancel for patients.</p>
      </PageHeader>
      {clinicians.status === 'loading' ? <Loading label="Loading clinicians…" /> : null}
      {clinicians.status === 'error' ? (
        <LoadProblem title="We could not load the clinicians" message={clinicians.message} onRetry={reload} />
      ) : null}
      {clinicians.status === 'ready' ? <Calendar clinicians={clinicians.data.clinicians} /> : null}
    </>
  )
}

function Calendar({ clinicians }: { clinicians: BookableClinician[] }) {
  const [timeZone, setTimeZone] = useState(() => clinicZone(clinicians))
  const [mode, setMode] = useState<CalendarMode>('day')
  const [date, setDate] = useState(() => localDate(new Date(), timeZone))
  const [booking, setBooking] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)

  const first = mode === 'day' ? date : mondayOf(date)
  const days = mode === 'day' ? 1 : 7
  const load = useCallback(
    (signal: AbortSignal) =>
      schedulingStaffApi.appointments(
        {
          from: zonedInstant(first, '00:00', timeZone).toISOString(),
          to: zonedInstant(addDays(first, days), '00:00', timeZone).toISOString(),
          readiness: true,
        },
        signal,
      ),
    [first, days, timeZone],
  )
  const [appointments, reload] = useApiData(load)
  const changed = (message: string, day?: string): void => {
    setNotice(message)
    if (day) setDate(day)
    reload()
  }
  const step = (direction: -1 | 0 | 1): void =>
    setDate(direction === 0 ? localDate(new Date(), timeZone) : addDays(date, direction * days))
  const zoneName = `${timeZone.replaceAll('_', ' ')} (${zoneAbbreviation(timeZone, zonedInstant(first, '12:00', timeZone))})`

  return (
    <div className="stack">
      <section className="card" aria-labelledby="calendar-title">
        <div className="sched-card-head">
          <h2 id="calendar-title" className="section-title">
            {mode === 'day' ? formatDay(date) : `Week of ${formatDay(first)}`}
          </h2>
          <Button onPress={() => setBooking(true)}>Book for a patient</Button>
        </div>
        <CalendarToolbar
          mode={mode}
          date={date}
          timeZone={timeZone}
          onMode={setMode}
          onDate={setDate}
          onStep={step}
          onTimeZone={setTimeZone}
        />
        <p className="sched-zone">{`Times in ${zoneName}.`}</p>
        <Alert tone="success">{notice}</Alert>
        {appointments.status === 'loading' ? <Loading label="Loading appointments…" /> : null}
        {appointments.status === 'error' ? (
          <LoadProblem
            title="We could not load the appointments"
            message={appointments.message}
            onRetry={reload}
          />
        ) : null}
        {appointments.status === 'ready' && mode === 'day' ? (
          <DayView
            date={date}
            appointments={appointments.data.appointments}
            clinicians={clinicians}
            timeZone={timeZone}
            onChanged={changed}
          />
        ) : null}
        {appointments.status === 'ready' && mode === 'week' ? (
          <WeekView
            monday={first}
            appointments={appointments.data.appointments}
            clinicians={clinicians}
            timeZone={timeZone}
            onChanged={changed}
          />
        ) : null}
      </section>
      <ReminderProblemsPanel timeZone={timeZone} />
      {booking ? (
        <BookingDialog
          clinicians={clinicians}
          timeZone={timeZone}
          onClose={() => setBooking(false)}
          onBooked={(booked) => {
            setBooking(false)
            setMode('day')
            changed(
              `Booked ${booked.patientName ?? 'the patient'} with ${booked.clinicianName}.`,
              localDate(booked.start, timeZone),
            )
          }}
        />
      ) : null}
    </div>
  )
}
