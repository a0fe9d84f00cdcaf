import { useState } from 'react'
import { Button } from '../../components/Button.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { addDays, formatDay, sameDay, startOfDay, zoneLabel } from '../../components/scheduling/time-words.ts'
import type { Area } from '../../lib/areas.ts'
import { WaitingNowCard } from '../consult/WaitingNowCard.tsx'
import { DayAppointments } from './DayAppointments.tsx'
import '../../styles/scheduling.css'

export interface ClinicianTodayPageProps {
  area: Area
  /** The signed-in clinician's id: the day list is theirs. */
  clinicianId: string
}

/** JOURNEYS.md clinician's day: the appointments in order, each patient's readiness at a glance. */
export function ClinicianTodayPage({ area, clinicianId }: ClinicianTodayPageProps) {
  const [day, setDay] = useState(() => startOfDay(new Date()))
  const isToday = sameDay(day, new Date())
  return (
    <>
      <PageHeader title="Today" titleContext={area.label}>
        <p>Your appointments for the day, in order, and whether each patient is ready.</p>
      </PageHeader>
      <WaitingNowCard />
      <section className="card" aria-labelledby="day-title">
        <div className="day-nav">
          <Button variant="secondary" onPress={() => setDay(addDays(day, -1))}>
            Previous day
          </Button>
          {isToday ? null : (
            <Button variant="quiet" onPress={() => setDay(startOfDay(new Date()))}>
              Back to today
            </Button>
          )}
          <Button variant="secondary" onPress={() => setDay(addDays(day, 1))}>
            Next day
          </Button>
        </div>
        <h2 id="day-title" className="section-title">
          {isToday ? `Today, ${formatDay(day)}` : formatDay(day)}
        </h2>
        <p className="muted">Times in {zoneLabel()}.</p>
        <DayAppointments key={day.toISOString()} day={day} clinicianId={clinicianId} labelledBy="day-title" />
      </section>
    </>
  )
}
