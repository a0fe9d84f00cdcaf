import type {
  MedicationList,
  PharmacyList,
  PrescriptionDraftBody,
  PrescriptionView,
} from '@tessera/contracts'
import { useCallback, useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { prescribingApi } from '../../api/prescribing.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { EMPTY_FIELDS, fullDetails, partialDetails, type DraftFields } from './prescription-draft.ts'
import { PrescriptionFields } from './PrescriptionFields.tsx'
import { RuleFindingsList } from './RuleFindingsList.tsx'
import { SignedPrescription } from './SignedPrescription.tsx'
import { lastOf, useRuleCheck } from './use-rule-check.ts'

export interface PrescribeFormProps {
  patientId: string
  /** The consultation it is written in, when prescribing from the notes panel. */
  appointmentId?: string
  onSigned?: (prescription: PrescriptionView) => void
}

interface Choices {
  medications: MedicationList['medications']
  pharmacies: PharmacyList['pharmacies']
}

const loadChoices = async (signal: AbortSignal): Promise<Choices> => {
  const [m, p] = await Promise.all([prescribingApi.medications(signal), prescribingApi.pharmacies(signal)])
  return { medications: m.medications, pharmacies: p.pharmacies }
}

/**
 * JOURNEYS.md clinician step 4: a prescription, checked by the prescribing rules as it is typed
 * (errors block, each warning needs an acknowledgement), saved as a draft and signed with a recent
 * second factor (S17). Signing sends it to the pharmacy.
 */
export function PrescribeForm({ patientId, appointmentId, onSigned }: PrescribeFormProps) {
  const [choices, reloadChoices] = useApiData(useCallback(loadChoices, []))
  const protect = useProtectedAction()
  const [fields, setFields] = useState<DraftFields>(EMPTY_FIELDS)
  const [draftId, setDraftId] = useState<string | null>(null)
  const [acknowledged, setAcknowledged] = useState<string[]>([])
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<{ message: string; fields: Record<string, string[]> } | null>(null)
  const [signed, setSigned] = useState<PrescriptionView | null>(null)

  const check = useRuleCheck(
    signed
      ? null
      : {
          patientId,
          ...(fields.medicationId ? { medicationId: fields.medicationId } : {}),
          ...(fields.pharmacyId ? { pharmacyId: fields.pharmacyId } : {}),
          ...(appointmentId ? { appointmentId } : {}),
          details: partialDetails(fields),
          ...(draftId ? { prescriptionId: draftId } : {}),
        },
  )
  const findings = lastOf(check)?.findings ?? []
  const errors = findings.filter((f) => f.severity === 'error')
  const openWarnings = findings.filter((f) => f.severity === 'warning' && !acknowledged.includes(f.rule))
  const settled = check.status === 'ready'
  const signable = settled && errors.length === 0 && openWarnings.length === 0

  if (choices.status === 'loading') return <Loading label="Loading the catalogue…" />
  if (choices.status === 'error')
    return (
      <div className="stack">
        <Alert tone="error" title="We could not load the catalogue">
          {choices.message}
        </Alert>
        <div className="button-row">
          <Button variant="secondary" onPress={reloadChoices}>
            Try again
          </Button>
        </div>
      </div>
    )

  if (signed)
    return (
      <SignedPrescription
        prescription={signed}
        onAnother={() => {
          setSigned(null)
          setFields(EMPTY_FIELDS)
          setAcknowledged([])
        }}
      />
    )

  const sign = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const details = fullDetails(fields)
    if (!details || !fields.medicationId || !fields.pharmacyId) {
      setError({ message: 'Fill in every part of the prescription first.', fields: {} })
      return
    }
    const body: PrescriptionDraftBody = {
      patientId,
      medicationId: fields.medicationId,
      pharmacyId: fields.pharmacyId,
      ...(appointmentId ? { appointmentId } : {}),
      details,
    }
    setPending(true)
    setError(null)
    try {
      const draft = draftId
        ? await prescribingApi.updateDraft(draftId, body)
        : await prescribingApi.createDraft(body)
      setDraftId(draft.id)
      const done = await protect(() => prescribingApi.sign(draft.id, acknowledged))
      setSigned(done)
      setDraftId(null)
      onSigned?.(done)
    } catch (err) {
      setError(toSubmitErrors(err))
    } finally {
      setPending(false)
    }
  }

  return (
    <Form className="stack rx-form" onSubmit={(e) => void sign(e)} validationErrors={error?.fields ?? {}}>
      <PrescriptionFields
        fields={fields}
        onChange={(patch) => setFields((f) => ({ ...f, ...patch }))}
        medications={choices.data.medications}
        pharmacies={choices.data.pharmacies}
        isDisabled={pending}
      />
      <RuleFindingsList
        findings={findings}
        acknowledged={acknowledged}
        onAcknowledge={(rule, yes) =>
          setAcknowledged((a) => (yes ? [...a, rule] : a.filter((r) => r !== rule)))
        }
        checking={check.status === 'checking'}
      />
      {check.status === 'error' ? (
        <Alert tone="error">
          The safety checks could not run. Check your connection; signing waits for them.
        </Alert>
      ) : null}
      <Alert tone="error" title="The prescription was not signed">
        {error?.message}
      </Alert>
      <div className="button-row">
        <Button type="submit" isPending={pending} isDisabled={!signable}>
          Sign prescription
        </Button>
      </div>
      <p className="muted rx-form__note">
        Signing asks for your authenticator code if you have not used it in the last 5 minutes, then sends the
        prescription to the pharmacy.
      </p>
    </Form>
  )
}
