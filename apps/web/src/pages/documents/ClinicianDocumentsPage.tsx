import { useState } from 'react'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { PatientDocumentsPanel } from './PatientDocumentsPanel.tsx'
import { PatientPicker } from '../../components/PatientPicker.tsx'
import './documents.css'
import { patientFromHistory } from '../../lib/patient-from-history.ts'

export interface ClinicianDocumentsPageProps {
  area: Area
}

/** JOURNEYS.md clinician step 2: a patient's documents, previewed in the page, verified or sent back. */
export function ClinicianDocumentsPage({ area }: ClinicianDocumentsPageProps) {
  const [patientId, setPatientId] = useState(patientFromHistory)
  return (
    <>
      <PageHeader title="Documents" titleContext={area.label}>
        <p>Documents your patients uploaded. Open one to check it, then verify it or ask for a new copy.</p>
      </PageHeader>
      <div className="stack">
        <section className="card" aria-labelledby="doc-patient-title">
          <h2 id="doc-patient-title" className="section-title">
            Whose documents
          </h2>
          <PatientPicker
            value={patientId}
            onChange={setPatientId}
            description="Patients in your care team."
            emptyText="No patients yet. Reception adds patients to your care team."
          />
        </section>
        {patientId ? <PatientDocumentsPanel key={patientId} patientId={patientId} /> : null}
      </div>
    </>
  )
}
