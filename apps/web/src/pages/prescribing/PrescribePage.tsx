import { useCallback, useState } from 'react'
import { prescribingApi } from '../../api/prescribing.ts'
import { Alert } from '../../components/Alert.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { PatientPicker } from '../../components/PatientPicker.tsx'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { PrescribeForm } from './PrescribeForm.tsx'
import { PrescriptionItem } from './PrescriptionItem.tsx'
import '../../styles/prescribing.css'

export interface PrescribePageProps {
  area: Area
}

/** Prescribing from the chart: choose a patient in your care team, see their prescriptions, write one. */
export function PrescribePage({ area }: PrescribePageProps) {
  const [patientId, setPatientId] = useState('')
  // Bumped after a signature, so the list below shows the new prescription.
  const [signedCount, setSignedCount] = useState(0)
  return (
    <>
      <PageHeader title="Prescribe" titleContext={area.label}>
        <p>
          Write and sign a prescription for a patient in your care team. The safety checks run as you type.
        </p>
      </PageHeader>
      <div className="card stack">
        <PatientPicker
          value={patientId}
          onChange={setPatientId}
          description="Patients in your care team."
          emptyText="No patients in your care team yet."
        />
      </div>
      {patientId ? (
        <div className="rx-layout">
          <section className="card" aria-labelledby="rx-new-title">
            <h2 id="rx-new-title" className="section-title">
              New prescription
            </h2>
            <PrescribeForm
              key={patientId}
              patientId={patientId}
              onSigned={() => setSignedCount((n) => n + 1)}
            />
          </section>
          <PatientPrescriptions key={`list-${patientId}-${signedCount}`} patientId={patientId} />
        </div>
      ) : null}
    </>
  )
}

function PatientPrescriptions({ patientId }: { patientId: string }) {
  const load = useCallback((signal: AbortSignal) => prescribingApi.forPatient(patientId, signal), [patientId])
  const [list] = useApiData(load)
  return (
    <section className="card" aria-labelledby="rx-list-title">
      <h2 id="rx-list-title" className="section-title">
        Prescriptions
      </h2>
      {list.status === 'loading' ? <Loading label="Loading prescriptions…" /> : null}
      {list.status === 'error' ? <Alert tone="error">{list.message}</Alert> : null}
      {list.status === 'ready' && list.data.prescriptions.length === 0 ? (
        <p className="muted">No prescriptions yet.</p>
      ) : null}
      {list.status === 'ready' && list.data.prescriptions.length > 0 ? (
        <ul className="item-list" aria-labelledby="rx-list-title">
          {list.data.prescriptions.map((p) => (
            <PrescriptionItem key={p.id} prescription={p} />
          ))}
        </ul>
      ) : null}
    </section>
  )
}
