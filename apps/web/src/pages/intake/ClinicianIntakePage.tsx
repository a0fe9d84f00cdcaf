import type { Role } from '@tessera/contracts'
import { useState } from 'react'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { PatientPicker } from '../../components/PatientPicker.tsx'
import { ReadinessPanel } from './ReadinessPanel.tsx'
import { SummariesPanel } from './SummariesPanel.tsx'
import './intake.css'
import { patientFromHistory } from '../../lib/patient-from-history.ts'

export interface ClinicianIntakePageProps {
  area: Area
  role: Role
}

/**
 * JOURNEYS.md clinician steps 1-2: is the patient ready (consent, intake, documents), and, for the
 * care team, the submitted answers with scores and exclusion flags. Reception sees readiness only.
 */
export function ClinicianIntakePage({ area, role }: ClinicianIntakePageProps) {
  const [patientId, setPatientId] = useState(patientFromHistory)
  const clinician = role === 'clinician'
  return (
    <>
      <PageHeader title="Intake" titleContext={area.label}>
        <p>
          {clinician
            ? 'Whether a patient is ready for an appointment, and their questionnaire answers.'
            : 'Whether a patient is ready for an appointment: consent, questionnaires and documents.'}
        </p>
      </PageHeader>
      <div className="stack">
        <section className="card" aria-labelledby="intake-patient-title">
          <h2 id="intake-patient-title" className="section-title">
            Which patient
          </h2>
          <PatientPicker
            value={patientId}
            onChange={setPatientId}
            description={clinician ? 'Patients in your care team.' : 'Patients of the clinic.'}
            emptyText="No patients to show yet."
          />
        </section>
        {patientId ? <ReadinessPanel key={`r-${patientId}`} patientId={patientId} /> : null}
        {patientId && clinician ? <SummariesPanel key={`s-${patientId}`} patientId={patientId} /> : null}
      </div>
    </>
  )
}
