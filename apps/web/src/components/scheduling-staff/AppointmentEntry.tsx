import type { AppointmentStatus, AppointmentView, BookableClinician } from '@tessera/contracts'
import { useState } from 'react'
import { schedulingStaffApi } from '../../api/scheduling-admin.ts'
import { Button } from '../Button.tsx'
import { ConfirmDialog } from '../ConfirmDialog.tsx'
import { ReadinessBadges } from './ReadinessBadges.tsx'
import { RescheduleDialog } from './RescheduleDialog.tsx'
import { MODE_LABELS } from './type-words.ts'
import { formatRange, formatWhen, localDate } from './zoned-time.ts'

export interface AppointmentEntryProps {
  appointment: AppointmentView
  clinicians: readonly BookableClinician[]
  timeZone: string
  /** In the week view the clinician is not the column, so the entry names them. */
  showClinician: boolean
  /** After a change: what to announce, and the day to show when the appointment moved. */
  onChanged: (message: string, day?: string) => void
}

const STATUS: Record<AppointmentStatus, string> = {
  booked: 'Booked',
  cancelled: 'Cancelled',
  fulfilled: 'Seen',
  noshow: 'Did not attend',
}

/** One appointment: time, patient, type, readiness, and Reschedule and Cancel while it can change. */
export function AppointmentEntry({
  appointment,
  clinicians,
  timeZone,
  showClinician,
  onChanged,
}: AppointmentEntryProps) {
  const [action, setAction] = useState<'reschedule' | 'cancel' | null>(null)
  const who = appointment.patientName ?? 'Patient'
  const when = formatRange(appointment.start, appointment.end, timeZone)
  const booked = appointment.status === 'booked'
  return (
    <article
      className={booked ? 'sched-entry' : 'sched-entry sched-entry--inactive'}
      aria-label={`${when}, ${who}`}
    >
      <p className="sched-entry__time">
        <time dateTime={appointment.start}>{when}</time>
        {booked ? null : <span className="badge">{STATUS[appointment.status]}</span>}
      </p>
      <p className="sched-entry__patient">{who}</p>
      <p className="sched-entry__meta">
        {`${appointment.type.name} · ${MODE_LABELS[appointment.type.mode]}`}
        {showClinician ? ` · ${appointment.clinicianName}` : ''}
      </p>
      {appointment.readiness && booked ? <ReadinessBadges readiness={appointment.readiness} /> : null}
      {booked && appointment.changeable ? (
        <div className="sched-entry__actions">
          <Button
            variant="secondary"
            aria-label={`Reschedule ${who}, ${when}`}
            onPress={() => setAction('reschedule')}
          >
            Reschedule
          </Button>
          <Button variant="quiet" aria-label={`Cancel ${who}, ${when}`} onPress={() => setAction('cancel')}>
            Cancel
          </Button>
        </div>
      ) : null}
      {booked && !appointment.changeable ? (
        <p className="sched-entry__meta">Can no longer be changed.</p>
      ) : null}
      {action === 'reschedule' ? (
        <RescheduleDialog
          appointment={appointment}
          clinicians={clinicians}
          timeZone={timeZone}
          onClose={() => setAction(null)}
          onDone={(moved) => {
            setAction(null)
            onChanged(
              `${who} moved to ${formatWhen(moved.start, timeZone)} with ${moved.clinicianName}.`,
              localDate(moved.start, timeZone),
            )
          }}
        />
      ) : null}
      <ConfirmDialog
        title={`Cancel ${who}'s appointment?`}
        isOpen={action === 'cancel'}
        confirmLabel="Cancel the appointment"
        danger
        onClose={() => setAction(null)}
        onConfirm={async () => {
          await schedulingStaffApi.cancel(appointment.id)
          onChanged(`${who}'s appointment at ${formatWhen(appointment.start, timeZone)} was cancelled.`)
        }}
      >
        <p>{`${appointment.type.name} with ${appointment.clinicianName}, ${formatWhen(appointment.start, timeZone)}.`}</p>
        <p>The time becomes free for others, and the patient's reminders are cancelled.</p>
      </ConfirmDialog>
    </article>
  )
}
