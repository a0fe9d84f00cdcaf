import type { PrescriptionView } from '@tessera/contracts'
import { useState } from 'react'
import { api } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { formatDay, formatWhen } from '../../components/scheduling/time-words.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { medicationLabel, STATUS_LABELS, supplyWords, TASK_STATE_LABELS } from './prescription-words.ts'

export interface SignedPrescriptionProps {
  prescription: PrescriptionView
  onAnother: () => void
}

/** After signing: what was signed, until when it is valid, and where it is now (refreshable). */
export function SignedPrescription({ prescription, onAnother }: SignedPrescriptionProps) {
  const [p, setP] = useState(prescription)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const refresh = async (): Promise<void> => {
    setPending(true)
    setError(null)
    try {
      setP(await api.get<PrescriptionView>(`/api/prescriptions/${encodeURIComponent(p.id)}`))
    } catch (err) {
      setError(toSubmitErrors(err).message)
    } finally {
      setPending(false)
    }
  }
  return (
    <div className="stack rx-signed">
      <Alert tone="success" title="Prescription signed">
        {medicationLabel(p.medication)}: {supplyWords(p.details, p.medication.unit)}.
      </Alert>
      <dl className="rx-facts">
        <dt>Status</dt>
        <dd>
          {STATUS_LABELS[p.status]}
          {p.taskState
            ? ` · pharmacy: ${TASK_STATE_LABELS[p.taskState].toLowerCase()}`
            : ' · on its way to the pharmacy'}
        </dd>
        {p.signedAt ? (
          <>
            <dt>Signed</dt>
            <dd>{formatWhen(p.signedAt)}</dd>
          </>
        ) : null}
        {p.validUntil ? (
          <>
            <dt>Valid until</dt>
            <dd>{formatDay(p.validUntil)}</dd>
          </>
        ) : null}
        <dt>Pharmacy</dt>
        <dd>{p.pharmacy.name}</dd>
      </dl>
      <Alert tone="error">{error}</Alert>
      <div className="button-row">
        <Button variant="secondary" isPending={pending} onPress={() => void refresh()}>
          Refresh status
        </Button>
        <Button variant="secondary" onPress={onAnother}>
          Write another prescription
        </Button>
      </div>
    </div>
  )
}
