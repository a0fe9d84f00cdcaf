import { useId } from 'react'
import { patientsApi } from '../api/patients.ts'
import { useApiData } from '../lib/use-api-data.ts'
import { Alert } from './Alert.tsx'
import { Button } from './Button.tsx'
import { Loading } from './Loading.tsx'

export interface PatientPickerProps {
  value: string
  onChange: (patientId: string) => void
  /** Whose patients these are, e.g. "Patients in your care team." */
  description: string
  /** What to say when the list is empty. */
  emptyText: string
}

/** The patients this person may see (reception: everyone; a clinician: their care team), as a native select. */
export function PatientPicker({ value, onChange, description, emptyText }: PatientPickerProps) {
  const [patients, reload] = useApiData(patientsApi.list)
  const id = useId()

  if (patients.status === 'loading') return <Loading label="Loading patients…" />
  if (patients.status === 'error') {
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
  }
  if (patients.data.patients.length === 0) return <p className="muted">{emptyText}</p>
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
