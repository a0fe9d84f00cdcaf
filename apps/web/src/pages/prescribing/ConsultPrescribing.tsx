import { useState } from 'react'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PrescribeForm } from './PrescribeForm.tsx'
import { useConsultPatient } from './use-consult-patient.ts'
import '../../styles/prescribing.css'

export interface ConsultPrescribingProps {
  appointmentId: string
}

/** "Prescribe" in the notes panel (issue 10): the prescribe form for this consultation's patient. */
export function ConsultPrescribing({ appointmentId }: ConsultPrescribingProps) {
  const [open, setOpen] = useState(false)
  const patient = useConsultPatient(appointmentId)
  return (
    <section className="rx-consult" aria-labelledby="rx-consult-title">
      <h3 id="rx-consult-title" className="notes-panel__subtitle">
        Prescribing
      </h3>
      {!open ? (
        <div className="button-row">
          <Button variant="secondary" onPress={() => setOpen(true)} aria-expanded={false}>
            Prescribe
          </Button>
        </div>
      ) : (
        <>
          {patient.status === 'loading' ? <Loading label="Finding the patient…" /> : null}
          {patient.status === 'error' ? (
            <Alert tone="error">
              We could not tell whose consultation this is. Prescribe from Prescribe instead.
            </Alert>
          ) : null}
          {patient.status === 'ready' ? (
            <>
              <p className="muted">For {patient.patientName}, linked to this consultation.</p>
              <PrescribeForm patientId={patient.patientId} appointmentId={appointmentId} />
            </>
          ) : null}
          <div className="button-row">
            <Button variant="quiet" onPress={() => setOpen(false)} aria-expanded>
              Close prescribing
            </Button>
          </div>
        </>
      )}
    </section>
  )
}
