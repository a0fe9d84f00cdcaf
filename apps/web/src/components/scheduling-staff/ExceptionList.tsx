import type { AvailabilityException, ClinicianAvailability } from '@tessera/contracts'
import { useState } from 'react'
import { schedulingStaffApi } from '../../api/scheduling-admin.ts'
import { Button } from '../Button.tsx'
import { ConfirmDialog } from '../ConfirmDialog.tsx'
import { formatWhen } from './zoned-time.ts'

export interface ExceptionListProps {
  clinicianId: string
  timeZone: string
  exceptions: readonly AvailabilityException[]
  onDeleted: (availability: ClinicianAvailability) => void
}

export function exceptionWhen(exception: AvailabilityException, timeZone: string): string {
  return `${formatWhen(exception.startsAt, timeZone)} to ${formatWhen(exception.endsAt, timeZone)}`
}

/** Upcoming leave and extra sessions, soonest first, each with Delete (confirmed). */
export function ExceptionList({ clinicianId, timeZone, exceptions, onDeleted }: ExceptionListProps) {
  const [deleting, setDeleting] = useState<AvailabilityException | null>(null)
  if (exceptions.length === 0) return <p className="muted">No leave or extra sessions coming up.</p>
  return (
    <>
      <ul className="item-list">
        {exceptions.map((exception) => {
          const leave = exception.kind === 'unavailable'
          return (
            <li key={exception.id} className="item">
              <div className="item__main">
                <p className="item__title">
                  <span className={leave ? 'badge badge--warning' : 'badge badge--success'}>
                    {leave ? 'Leave' : 'Extra session'}
                  </span>
                  {exception.label}
                </p>
                <p className="item__meta">{exceptionWhen(exception, timeZone)}</p>
              </div>
              <div className="item__actions">
                <Button
                  variant="secondary"
                  aria-label={`Delete ${exception.label}, ${exceptionWhen(exception, timeZone)}`}
                  onPress={() => setDeleting(exception)}
                >
                  Delete
                </Button>
              </div>
            </li>
          )
        })}
      </ul>
      <ConfirmDialog
        title={deleting?.kind === 'available' ? 'Delete this extra session?' : 'Delete this leave?'}
        isOpen={deleting !== null}
        confirmLabel="Delete"
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return
          onDeleted(await schedulingStaffApi.deleteException(clinicianId, deleting.id))
        }}
      >
        <p>{deleting ? `${deleting.label}: ${exceptionWhen(deleting, timeZone)}.` : null}</p>
        <p>
          {deleting?.kind === 'available'
            ? 'Its free times disappear; appointments already booked stay.'
            : 'The clinician becomes bookable again in those hours.'}
        </p>
      </ConfirmDialog>
    </>
  )
}
