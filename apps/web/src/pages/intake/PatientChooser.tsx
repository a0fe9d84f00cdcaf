import { useId } from 'react'
import { intakeApi } from '../../api/intake.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { useApiData } from '../../lib/use-api-data.ts'

export interface PatientChooserProps {
  value: string
  description: string
  onChange: (patientId: string) => void
}

/** The patients this person may see (reception: everyone; a clinician: their care team). */
export function PatientChooser({ value, description, onChange }: PatientChooserProps) {
  const [patients, reload] = useApiData(intakeApi.patients)
  const id = useId()
  if (patients.status === 'loading') return <Loading label="Loading patients…" />
  if (patients.status === 'error')
    return (
      <>
        <Alert tone="error" title="We could not load the patients">
          {patients.message}
        </Alert>
        <Button variant="secondary" onPress={reload}>
          Try again
        </Button>
      </>
    )
  if (patients.data.patients.length === 0) return <p className="muted">No patients to show yet.</p>
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        Patient
      </label>
      <p className="field__description" id={`${id}-description`}>
        {description}
      </p>
      <select
        id={id}
        name="patient"
        className="field__input field__select"
        value={value}
        aria-describedby={`${id}-description`}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">Choose a patient…</option>
        {patients.data.patients.map((patient) => (
          <option key={patient.id} value={patient.id}>
            {patient.displayName} ({patient.email})
          </option>
        ))}
      </select>
    </div>
  )
}
