import type { AppointmentTypeView } from '@tessera/contracts'
import { useState } from 'react'
import { schedulingStaffApi } from '../../api/scheduling-admin.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { Button } from '../Button.tsx'
import { Loading } from '../Loading.tsx'
import { AppointmentTypeDialog } from './AppointmentTypeDialog.tsx'
import { LoadProblem } from './LoadProblem.tsx'
import { AUDIENCE_LABELS, MODE_LABELS, formatMinutes } from './type-words.ts'

/** The clinic's appointment types as a table, with add and edit. */
export function AppointmentTypesCard() {
  const [types, reload] = useApiData(schedulingStaffApi.types)
  // 'new' for the add dialog; a type for its edit dialog. The key remounts the form for each one.
  const [editing, setEditing] = useState<AppointmentTypeView | 'new' | null>(null)

  return (
    <section className="card" aria-labelledby="types-title">
      <div className="sched-card-head">
        <h2 id="types-title" className="section-title">
          Appointment types
        </h2>
        <Button variant="secondary" onPress={() => setEditing('new')}>
          Add appointment type
        </Button>
      </div>
      {types.status === 'loading' ? <Loading label="Loading appointment types…" /> : null}
      {types.status === 'error' ? (
        <LoadProblem
          title="We could not load the appointment types"
          message={types.message}
          onRetry={reload}
        />
      ) : null}
      {types.status === 'ready' && types.data.types.length === 0 ? (
        <p className="muted">No appointment types yet. Add one so patients can book.</p>
      ) : null}
      {types.status === 'ready' && types.data.types.length > 0 ? (
        <div className="sched-table-wrap">
          <table className="sched-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Length</th>
                <th scope="col">Break after</th>
                <th scope="col">How</th>
                <th scope="col">Who</th>
                <th scope="col">Notice</th>
                <th scope="col">Bookable ahead</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {types.data.types.map((type) => (
                <tr key={type.id}>
                  <th scope="row">{type.name}</th>
                  <td>{formatMinutes(type.durationMinutes)}</td>
                  <td>{type.bufferMinutes === 0 ? 'None' : formatMinutes(type.bufferMinutes)}</td>
                  <td>{MODE_LABELS[type.mode]}</td>
                  <td>{AUDIENCE_LABELS[type.audience]}</td>
                  <td>{type.minNoticeMinutes === 0 ? 'None' : formatMinutes(type.minNoticeMinutes)}</td>
                  <td>{`${type.horizonDays} days`}</td>
                  <td>
                    <span className={type.active ? 'badge badge--success' : 'badge'}>
                      {type.active ? 'Bookable' : 'Inactive'}
                    </span>
                  </td>
                  <td>
                    <Button variant="quiet" aria-label={`Edit ${type.name}`} onPress={() => setEditing(type)}>
                      Edit
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {editing ? (
        <AppointmentTypeDialog
          key={editing === 'new' ? 'new' : editing.id}
          type={editing === 'new' ? null : editing}
          isOpen
          onClose={() => setEditing(null)}
          onSaved={reload}
        />
      ) : null}
    </section>
  )
}
