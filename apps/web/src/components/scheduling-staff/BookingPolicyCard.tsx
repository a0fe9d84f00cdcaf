import type { BookingPolicy, ReadinessGate } from '@tessera/contracts'
import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { schedulingStaffApi } from '../../api/scheduling-admin.ts'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { toSubmitErrors, type SubmitErrors } from '../../lib/submit-errors.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { Alert } from '../Alert.tsx'
import { Button } from '../Button.tsx'
import { Checkbox } from '../Checkbox.tsx'
import { Loading } from '../Loading.tsx'
import { TextField } from '../TextField.tsx'
import { LoadProblem } from './LoadProblem.tsx'

/** The clinic's booking policy: the online change cut-off and what must be done before booking and joining. */
export function BookingPolicyCard() {
  const [policy, reload] = useApiData(schedulingStaffApi.bookingPolicy)
  return (
    <section className="card" aria-labelledby="policy-title">
      <h2 id="policy-title" className="section-title">
        Booking policy
      </h2>
      {policy.status === 'loading' ? <Loading label="Loading the booking policy…" /> : null}
      {policy.status === 'error' ? (
        <LoadProblem title="We could not load the booking policy" message={policy.message} onRetry={reload} />
      ) : null}
      {policy.status === 'ready' ? <PolicyForm initial={policy.data} /> : null}
    </section>
  )
}

const GATE_ITEMS: ReadonlyArray<[keyof ReadinessGate, string]> = [
  ['consent', 'Consents given'],
  ['intake', 'Required questionnaires submitted'],
  ['documents', 'Documents checked by the clinic'],
]

function GateFields({
  legend,
  name,
  gate,
  onChange,
  fixed = [],
}: {
  legend: string
  name: string
  gate: ReadinessGate
  onChange: (gate: ReadinessGate) => void
  /** Items the clinic cannot switch off (telehealth consent before a call). */
  fixed?: ReadonlyArray<keyof ReadinessGate>
}) {
  return (
    <fieldset className="fieldset">
      <legend className="field__label">{legend}</legend>
      {GATE_ITEMS.map(([key, label]) => (
        <Checkbox
          key={key}
          name={`${name}.${key}`}
          isSelected={gate[key] || fixed.includes(key)}
          isDisabled={fixed.includes(key)}
          {...(fixed.includes(key) ? { description: 'Always required before a video or phone call.' } : {})}
          onChange={(on) => onChange({ ...gate, [key]: on })}
        >
          {label}
        </Checkbox>
      ))}
    </fieldset>
  )
}

function PolicyForm({ initial }: { initial: BookingPolicy }) {
  const protect = useProtectedAction()
  const [policy, setPolicy] = useState(initial)
  const [cutoff, setCutoff] = useState(String(initial.patientChangeCutoffHours))
  const [pending, setPending] = useState(false)
  const [saved, setSaved] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    setPending(true)
    setSaved(false)
    setErrors(null)
    try {
      const body = { ...policy, patientChangeCutoffHours: Number(cutoff) }
      setPolicy(await protect(() => schedulingStaffApi.saveBookingPolicy(body)))
      setSaved(true)
    } catch (error) {
      setErrors(toSubmitErrors(error))
    } finally {
      setPending(false)
    }
  }

  return (
    <>
      <Alert tone="success">{saved ? 'Booking policy saved.' : null}</Alert>
      <Alert tone="error" title="The booking policy was not saved">
        {errors?.message}
      </Alert>
      <Form className="form" validationErrors={errors?.fields ?? {}} onSubmit={(e) => void onSubmit(e)}>
        <TextField
          name="patientChangeCutoffHours"
          label="Online changes close, in hours before the start"
          description="Patients cannot reschedule or cancel online closer to the start than this; reception still can."
          value={cutoff}
          onChange={setCutoff}
          inputMode="numeric"
          pattern="[0-9]+"
          patternMessage="Enter a whole number of hours."
          requiredMessage="Enter a number of hours."
          isRequired
        />
        <GateFields
          legend="Before a patient can book (or be booked)"
          name="requireBeforeBooking"
          gate={policy.requireBeforeBooking}
          onChange={(gate) => setPolicy((p) => ({ ...p, requireBeforeBooking: gate }))}
        />
        <GateFields
          legend="Before a patient can join the call"
          name="requireBeforeJoining"
          gate={policy.requireBeforeJoining}
          fixed={['consent']}
          onChange={(gate) => setPolicy((p) => ({ ...p, requireBeforeJoining: gate }))}
        />
        <div className="form__actions">
          <Button type="submit" isPending={pending}>
            Save booking policy
          </Button>
        </div>
      </Form>
    </>
  )
}
