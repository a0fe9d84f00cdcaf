import { useCallback } from 'react'
import { schedulingApi } from '../../api/scheduling.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { addDays, formatDay } from '../../components/scheduling/time-words.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { TodayItem } from './TodayItem.tsx'

export interface DayAppointmentsProps {
  /** Local midnight of the day (the page keys this by day, so a new day starts from loading). */
  day: Date
  clinicianId: string
  labelledBy: string
}

/** One day's appointments for one clinician, in order, with readiness. */
export function DayAppointments({ day, clinicianId, labelledBy }: DayAppointmentsProps) {
  const load = useCallback(
    (signal: AbortSignal) =>
      schedulingApi.appointments(
        { from: day.toISOString(), to: addDays(day, 1).toISOString(), clinicianId, readiness: true },
        signal,
      ),
    [day, clinicianId],
  )
  const [list, reload] = useApiData(load)
  const appointments =
    list.status === 'ready'
      ? [...list.data.appointments].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
      : []
  const active = appointments.filter((a) => a.status !== 'cancelled').length
  return (
    <>
      <div role="status" className="day-count">
        {list.status === 'ready'
          ? `${active === 0 ? 'No' : active} ${active === 1 ? 'appointment' : 'appointments'} on ${formatDay(day)}.`
          : null}
      </div>
      {list.status === 'loading' ? <Loading label="Loading the day's appointments…" /> : null}
      {list.status === 'error' ? (
        <>
          <Alert tone="error" title="We could not load the appointments">
            {list.message}
          </Alert>
          <Button variant="secondary" onPress={reload}>
            Try again
          </Button>
        </>
      ) : null}
      {appointments.length > 0 ? (
        <ol className="today-list" aria-labelledby={labelledBy}>
          {appointments.map((appointment) => (
            <TodayItem key={appointment.id} appointment={appointment} />
          ))}
        </ol>
      ) : null}
    </>
  )
}
