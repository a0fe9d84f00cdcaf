import type { ClinicianAvailability, ExceptionKind } from '@tessera/contracts'
import { useState, type FormEvent } from 'react'
import { schedulingStaffApi } from '../../api/scheduling-admin.ts'
import { toSubmitErrors, type SubmitErrors } from '../../lib/submit-errors.ts'
import { Alert } from '../Alert.tsx'
import { Button } from '../Button.tsx'
import { SelectField } from '../SelectField.tsx'
import { NativeField } from './NativeField.tsx'
import { localDate, zonedInstant } from './zoned-time.ts'

export interface ExceptionFormProps {
  clinicianId: string
  /** The clinician's saved zone: the dates and times typed here are in it. */
  timeZone: string
  onAdded: (availability: ClinicianAvailability) => void
}

const KINDS = [
  { value: 'unavailable', label: 'Leave: not available' },
  { value: 'available', label: 'Extra session: available' },
]

/** Add leave or a one-off session: a kind, a label for staff, and a date and time range. */
export function ExceptionForm({ clinicianId, timeZone, onAdded }: ExceptionFormProps) {
  const today = localDate(new Date(), timeZone)
  const [kind, setKind] = useState<ExceptionKind>('unavailable')
  const [label, setLabel] = useState('')
  const [startDate, setStartDate] = useState(today)
  const [startTime, setStartTime] = useState('09:00')
  const [endDate, setEndDate] = useState(today)
  const [endTime, setEndTime] = useState('17:00')
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)
  const [added, setAdded] = useState<string | null>(null)

  const field = (name: string): string | undefined => errors?.fields[name]?.join(' ')

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    setAdded(null)
    if (!startDate || !startTime || !endDate || !endTime) {
      setErrors({ message: 'Enter the dates and times.', fields: {} })
      return
    }
    const body = {
      kind,
      label: label.trim() || (kind === 'unavailable' ? 'Leave' : 'Extra session'),
      startsAt: zonedInstant(startDate, startTime, timeZone).toISOString(),
      endsAt: zonedInstant(endDate, endTime, timeZone).toISOString(),
    }
    setPending(true)
    setErrors(null)
    try {
      onAdded(await schedulingStaffApi.addException(clinicianId, body))
      setAdded(kind === 'unavailable' ? 'Leave added.' : 'Extra session added.')
      setLabel('')
    } catch (error) {
      setErrors(toSubmitErrors(error))
    } finally {
      setPending(false)
    }
  }

  return (
    <form className="form sched-exception-form" noValidate onSubmit={(e) => void onSubmit(e)}>
      <h3 className="subsection-title">Add leave or an extra session</h3>
      <Alert tone="success">{added}</Alert>
      <Alert tone="error" title="That was not added">
        {errors?.message}
      </Alert>
      <SelectField
        label="Kind"
        name="kind"
        value={kind}
        options={KINDS}
        onChange={(value) => setKind(value === 'available' ? 'available' : 'unavailable')}
      />
      <NativeField
        type="text"
        label="Label for staff (optional)"
        value={label}
        maxLength={80}
        placeholder={kind === 'unavailable' ? 'Leave' : 'Extra session'}
        error={field('label')}
        onChange={setLabel}
      />
      <div className="sched-inline-fields">
        <NativeField
          type="date"
          label="From date"
          value={startDate}
          required
          error={field('startsAt')}
          onChange={(v) => {
            setStartDate(v)
            if (endDate < v) setEndDate(v)
          }}
        />
        <NativeField type="time" label="From time" value={startTime} required onChange={setStartTime} />
      </div>
      <div className="sched-inline-fields">
        <NativeField
          type="date"
          label="To date"
          value={endDate}
          required
          error={field('endsAt')}
          onChange={setEndDate}
        />
        <NativeField type="time" label="To time" value={endTime} required onChange={setEndTime} />
      </div>
      <p className="field__description">{`Times in ${timeZone.replaceAll('_', ' ')}.`}</p>
      <div className="form__actions">
        <Button type="submit" isPending={pending}>
          {kind === 'unavailable' ? 'Add leave' : 'Add extra session'}
        </Button>
      </div>
    </form>
  )
}
