import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { alertsApi } from '../../api/alerts.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { TextField } from '../../components/TextField.tsx'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { toSubmitErrors, type SubmitErrors } from '../../lib/submit-errors.ts'

export interface ReviewAlertDialogProps {
  alertId: string
  status: 'acknowledged' | 'dismissed'
  onClose: () => void
  onSaved: () => void
}

const COPY = {
  acknowledged: {
    title: 'Acknowledge this alert?',
    lead: 'You looked into it and are following it up.',
    action: 'Acknowledge',
  },
  dismissed: {
    title: 'Dismiss this alert?',
    lead: 'You looked into it and nothing was wrong.',
    action: 'Dismiss',
  },
} as const

/** Acknowledge or dismiss, with an optional note for the other reviewers; asks for a fresh second factor. */
export function ReviewAlertDialog({ alertId, status, onClose, onSaved }: ReviewAlertDialogProps) {
  const protect = useProtectedAction()
  const [note, setNote] = useState('')
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)
  const copy = COPY[status]

  const close = (): void => {
    if (!pending) onClose()
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    setPending(true)
    setErrors(null)
    try {
      const trimmed = note.trim()
      await protect(() => alertsApi.review(alertId, trimmed ? { status, note: trimmed } : { status }))
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
      title={copy.title}
      isOpen
      onOpenChange={(open) => (open ? undefined : close())}
      isDismissable={!pending}
    >
      <p className="dialog__body">{copy.lead}</p>
      <Alert tone="error" title="The alert was not changed">
        {errors?.message}
      </Alert>
      <Form className="form" validationErrors={errors?.fields ?? {}} onSubmit={(e) => void onSubmit(e)}>
        <TextField
          name="note"
          label="Note"
          description="What you found or did. Other reviewers see it; do not include clinical details."
          value={note}
          onChange={setNote}
          maxLength={1000}
        />
        <div className="dialog__actions">
          <Button type="submit" isPending={pending}>
            {copy.action}
          </Button>
          <Button variant="quiet" isDisabled={pending} onPress={close}>
            Cancel
          </Button>
        </div>
      </Form>
    </Dialog>
  )
}
