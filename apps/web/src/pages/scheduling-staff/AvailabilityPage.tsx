import type { Role } from '@tessera/contracts'
import { useState } from 'react'
import { schedulingStaffApi } from '../../api/scheduling-admin.ts'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { AvailabilityEditor } from '../../components/scheduling-staff/AvailabilityEditor.tsx'
import { LoadProblem } from '../../components/scheduling-staff/LoadProblem.tsx'
import { SelectField } from '../../components/SelectField.tsx'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import '../../styles/scheduling-staff.css'

export interface AvailabilityPageProps {
  area: Area
  role: Role
  accountId: string
}

/** A clinician edits their own hours; reception and the admin choose a clinician first. */
export function AvailabilityPage({ area, role, accountId }: AvailabilityPageProps) {
  const own = role === 'clinician'
  return (
    <>
      <PageHeader title="Availability" titleContext={area.label}>
        <p>
          {own
            ? 'Your weekly hours, leave and extra sessions. Patients can book only inside them.'
            : "Each clinician's weekly hours, leave and extra sessions. Patients can book only inside them."}
        </p>
      </PageHeader>
      {own ? <AvailabilityEditor clinicianId={accountId} /> : <ChooseClinician />}
    </>
  )
}

function ChooseClinician() {
  const [clinicians, reload] = useApiData(schedulingStaffApi.clinicians)
  const [clinicianId, setClinicianId] = useState('')
  if (clinicians.status === 'loading') return <Loading label="Loading clinicians…" />
  if (clinicians.status === 'error')
    return (
      <LoadProblem title="We could not load the clinicians" message={clinicians.message} onRetry={reload} />
    )
  const options = [
    { value: '', label: 'Choose a clinician…' },
    ...clinicians.data.clinicians.map((c) => ({ value: c.id, label: c.name })),
  ]
  return (
    <div className="stack">
      <section className="card" aria-labelledby="which-clinician-title">
        <h2 id="which-clinician-title" className="section-title">
          Which clinician
        </h2>
        {clinicians.data.clinicians.length === 0 ? (
          <p className="muted">No clinicians take appointments yet.</p>
        ) : (
          <SelectField
            label="Clinician"
            name="clinician"
            value={clinicianId}
            options={options}
            onChange={setClinicianId}
          />
        )}
      </section>
      {clinicianId ? <AvailabilityEditor key={clinicianId} clinicianId={clinicianId} /> : null}
    </div>
  )
}
