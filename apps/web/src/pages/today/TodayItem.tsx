import type { AppointmentStatus, AppointmentView } from '@tessera/contracts'
import { Link } from 'wouter'
import { MODE_WORDS } from '../../components/scheduling/AppointmentSummary.tsx'
import { formatRange } from '../../components/scheduling/time-words.ts'
import { HostConsultButton } from '../consult/JoinConsultButton.tsx'
import { ReadinessTicks } from './ReadinessTicks.tsx'

const STATUS_WORDS: Record<AppointmentStatus, string> = {
  booked: 'Booked',
  cancelled: 'Cancelled',
  fulfilled: 'Seen',
  noshow: 'Did not attend',
}

export interface TodayItemProps {
  appointment: AppointmentView
}

/**
 * One appointment of the day. The chart links carry the patient in history state, never in the
 * address (no identifiers in URLs); the chart pages pick it up from there.
 */
export function TodayItem({ appointment }: TodayItemProps) {
  const patient = appointment.patientName ?? 'Patient'
  const titleId = `today-${appointment.id}`
  const state = { patientId: appointment.patientId }
  return (
    <li className={`today-item today-item--${appointment.status}`}>
      <p className="today-item__time">{formatRange(appointment.start, appointment.end)}</p>
      <div className="today-item__main">
        <h3 id={titleId} className="today-item__patient">
          {patient}
        </h3>
        <p className="today-item__meta">
          {appointment.type.name} · {MODE_WORDS[appointment.type.mode]} ·{' '}
          <span className="today-item__status">{STATUS_WORDS[appointment.status]}</span>
        </p>
        {appointment.readiness ? <ReadinessTicks readiness={appointment.readiness} /> : null}
        <p className="today-item__links">
          <Link href="/clinician/intake" state={state} aria-describedby={titleId}>
            Intake summary
          </Link>
          <Link href="/clinician/documents" state={state} aria-describedby={titleId}>
            Documents
          </Link>
        </p>
        <HostConsultButton appointment={appointment} describedBy={titleId} />
      </div>
    </li>
  )
}
