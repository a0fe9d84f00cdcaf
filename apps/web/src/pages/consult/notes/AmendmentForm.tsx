import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { AMENDMENT_REASON_MAX_CHARS, NOTE_MAX_CHARS, type ConsultNoteView } from '@tessera/contracts'
import { consultNotesApi } from '../../../api/consult-notes.ts'
import { Alert } from '../../../components/Alert.tsx'
import { Button } from '../../../components/Button.tsx'
import { TextAreaField } from '../../../components/TextAreaField.tsx'
import { TextField } from '../../../components/TextField.tsx'
import { useProtectedAction } from '../../../lib/step-up.tsx'
import { toSubmitErrors, type SubmitErrors } from '../../../lib/submit-errors.ts'

export interface AmendmentFormProps {
  appointmentId: string
  onDone: (note: ConsultNoteView) => void
  onCancel: () => void
}

/** An amendment to a signed note: what changes and why (a new version; the signed text stays). */
export function AmendmentForm({ appointmentId, onDone, onCancel }: AmendmentFormProps) {
  const protect = useProtectedAction()
  const [text, setText] = useState('')
  const [reason, setReason] = useState('')
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    setPending(true)
    setErrors(null)
    try {
      onDone(await protect(() => consultNotesApi.amend(appointmentId, text, reason.trim())))
    } catch (error) {
      setErrors(toSubmitErrors(error))
      setPending(false)
    }
  }

  return (
    <Form
      className="form notes-panel__amend"
      aria-label="Add an amendment"
      validationErrors={errors?.fields ?? {}}
      onSubmit={(e) => void submit(e)}
    >
      <TextAreaField
        label="Amendment"
        name="text"
        value={text}
        onChange={setText}
        isRequired
        maxLength={NOTE_MAX_CHARS}
        rows={5}
        inputClassName="field__textarea notes-panel__textarea--short"
      />
      <TextField
        label="Reason for the amendment"
        name="reason"
        value={reason}
        onChange={setReason}
        isRequired
        maxLength={AMENDMENT_REASON_MAX_CHARS}
        requiredMessage="Say why the note is amended."
      />
      <Alert tone="error" title="The amendment was not added">
        {errors?.message}
      </Alert>
      <div className="button-row">
        <Button type="submit" isPending={pending}>
          Add amendment
        </Button>
        <Button variant="quiet" isDisabled={pending} onPress={onCancel}>
          Cancel
        </Button>
      </div>
    </Form>
  )
}
