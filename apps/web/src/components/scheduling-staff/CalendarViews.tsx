import type { AppointmentView, BookableClinician } from '@tessera/contracts'
import { AppointmentEntry } from './AppointmentEntry.tsx'
import { addDays, formatDay, formatShortDay, localDate } from './zoned-time.ts'

export interface CalendarViewProps {
  appointments: readonly AppointmentView[]
  clinicians: readonly BookableClinician[]
  timeZone: string
  onChanged: (message: string, day?: string) => void
}

const byStart = (a: AppointmentView, b: AppointmentView): number => a.start.localeCompare(b.start)

/** One day: a column per clinician (everyone who takes appointments, and anyone booked that day). */
export function DayView({
  appointments,
  clinicians,
  timeZone,
  onChanged,
  date,
}: CalendarViewProps & { date: string }) {
  const columns = [...clinicians.map((c) => ({ id: c.id, name: c.name }))]
  for (const a of appointments)
    if (!columns.some((c) => c.id === a.clinicianId))
      columns.push({ id: a.clinicianId, name: a.clinicianName })
  return (
    <div className="sched-day" role="region" aria-label={`Appointments on ${formatDay(date)}`} tabIndex={0}>
      {columns.map((column) => {
        const own = appointments.filter((a) => a.clinicianId === column.id).sort(byStart)
        return (
          <section key={column.id} className="sched-day__column" aria-labelledby={`col-${column.id}`}>
            <h3 id={`col-${column.id}`} className="sched-day__head">
              {column.name}
              <span className="sched-day__count">{` ${own.filter((a) => a.status === 'booked').length} booked`}</span>
            </h3>
            {own.length === 0 ? <p className="muted sched-day__empty">No appointments</p> : null}
            {own.map((a) => (
              <AppointmentEntry
                key={a.id}
                appointment={a}
                clinicians={clinicians}
                timeZone={timeZone}
                showClinician={false}
                onChanged={onChanged}
              />
            ))}
          </section>
        )
      })}
      {columns.length === 0 ? <p className="muted">No clinicians take appointments yet.</p> : null}
    </div>
  )
}

/** A week, Monday to Sunday: each day's appointments for all clinicians, in time order. */
export function WeekView({
  appointments,
  clinicians,
  timeZone,
  onChanged,
  monday,
}: CalendarViewProps & { monday: string }) {
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i))
  return (
    <ol className="sched-week">
      {days.map((day) => {
        const own = appointments.filter((a) => localDate(a.start, timeZone) === day).sort(byStart)
        return (
          <li key={day} className="sched-week__day">
            <h3 className="sched-week__head">{formatShortDay(day)}</h3>
            {own.length === 0 ? (
              <p className="muted sched-week__empty">No appointments</p>
            ) : (
              <div className="sched-week__entries">
                {own.map((a) => (
                  <AppointmentEntry
                    key={a.id}
                    appointment={a}
                    clinicians={clinicians}
                    timeZone={timeZone}
                    showClinician
                    onChanged={onChanged}
                  />
                ))}
              </div>
            )}
          </li>
        )
      })}
    </ol>
  )
}
