import type {
  AppointmentAudience,
  AppointmentMode,
  AppointmentTypeBody,
  AppointmentTypeView,
} from '@tessera/contracts'
import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { schedulingStaffApi } from '../../api/scheduling-admin.ts'
import { formText } from '../../lib/form-values.ts'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { toSubmitErrors, type SubmitErrors } from '../../lib/submit-errors.ts'
import { Alert } from '../Alert.tsx'
import { Button } from '../Button.tsx'
import { Checkbox } from '../Checkbox.tsx'
import { Dialog } from '../Dialog.tsx'
import { SelectField } from '../SelectField.tsx'
import { TextField } from '../TextField.tsx'
import { AUDIENCE_LABELS, MODE_LABELS, NEW_TYPE } from './type-words.ts'

export interface AppointmentTypeDialogProps {
  /** The type to edit, or null to add one. */
  type: AppointmentTypeView | null
  isOpen: boolean
  onClose: () => void
  onSaved: () => void
}

const NUMBER_FIELDS = [
  ['durationMinutes', 'Length in minutes', 'From 5 to 480.'],
  ['bufferMinutes', 'Break after, in minutes', 'Time kept free after each appointment (0 to 240).'],
  ['minNoticeMinutes', 'Minimum notice, in minutes', 'How soon before the start it can still be booked.'],
  ['horizonDays', 'Bookable up to, in days ahead', 'From 1 to 365.'],
] as const

const modes = Object.entries(MODE_LABELS).map(([value, label]) => ({ value, label }))
const audiences = Object.entries(AUDIENCE_LABELS).map(([value, label]) => ({ value, label }))

/** Add or edit an appointment type: every field of AppointmentTypeBody, with the server's field errors. */
export function AppointmentTypeDialog({ type, isOpen, onClose, onSaved }: AppointmentTypeDialogProps) {
  const protect = useProtectedAction()
  const initial = type ?? NEW_TYPE
  const [mode, setMode] = useState<AppointmentMode>(initial.mode)
  const [audience, setAudience] = useState<AppointmentAudience>(initial.audience)
  const [active, setActive] = useState(initial.active)
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)

  const close = (): void => {
    if (pending) return
    setErrors(null)
    onClose()
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    const body: AppointmentTypeBody = {
      name: formText(data, 'name').trim(),
      durationMinutes: Number(formText(data, 'durationMinutes')),
      bufferMinutes: Number(formText(data, 'bufferMinutes')),
      minNoticeMinutes: Number(formText(data, 'minNoticeMinutes')),
      horizonDays: Number(formText(data, 'horizonDays')),
      mode,
      audience,
      active,
    }
    setPending(true)
    setErrors(null)
    try {
      await protect(() =>
        type ? schedulingStaffApi.updateType(type.id, body) : schedulingStaffApi.createType(body),
      )
      setPending(false)
      onSaved()
      onClose()
    } catch (error) {
      setErrors(toSubmitErrors(error))
      setPending(false)
    }
  }

  return (
    <Dialog
      title={type ? `Edit “${type.name}”` : 'Add an appointment type'}
      isOpen={isOpen}
      onOpenChange={(open) => (open ? undefined : close())}
      isDismissable={!pending}
    >
      <Alert tone="error" title="The appointment type was not saved">
        {errors?.message}
      </Alert>
      <Form className="form" validationErrors={errors?.fields ?? {}} onSubmit={(e) => void onSubmit(e)}>
        <TextField
          name="name"
          label="Name"
          description="Patients see this name when they book."
          defaultValue={initial.name}
          maxLength={80}
          isRequired
          requiredMessage="Enter a name."
        />
        {NUMBER_FIELDS.map(([name, label, description]) => (
          <TextField
            key={name}
            name={name}
            label={label}
            description={description}
            defaultValue={String(initial[name])}
            inputMode="numeric"
            pattern="[0-9]+"
            patternMessage="Enter a whole number."
            requiredMessage="Enter a number."
            isRequired
          />
        ))}
        <SelectField
          label="How it takes place"
          name="mode"
          value={mode}
          options={modes}
          onChange={(value) => setMode(value === 'phone' ? 'phone' : 'video')}
        />
        <SelectField
          label="Who can book it"
          name="audience"
          value={audience}
          options={audiences}
          onChange={(value) => setAudience(value === 'new' || value === 'existing' ? value : 'any')}
        />
        <Checkbox
          name="active"
          isSelected={active}
          onChange={setActive}
          description="Inactive types stay on existing appointments but cannot be booked."
        >
          Can be booked
        </Checkbox>
        <div className="dialog__actions">
          <Button type="submit" isPending={pending}>
            {type ? 'Save changes' : 'Add type'}
          </Button>
          <Button variant="quiet" isDisabled={pending} onPress={close}>
            Cancel
          </Button>
        </div>
      </Form>
    </Dialog>
  )
}
