import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { documentsApi } from '../../api/documents.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { TextField } from '../../components/TextField.tsx'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { toSubmitErrors, type SubmitErrors } from '../../lib/submit-errors.ts'

export interface ReuploadDialogProps {
  documentId: string
  title: string
  onClose: () => void
  onSaved: () => void
}

/** "Ask for a re-upload": the reason is shown to the patient as written, so it must be plain words. */
export function ReuploadDialog({ documentId, title, onClose, onSaved }: ReuploadDialogProps) {
  const protect = useProtectedAction()
  const [reason, setReason] = useState('')
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)

  const close = (): void => {
    if (!pending) onClose()
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    setPending(true)
    setErrors(null)
    try {
      await protect(() =>
        documentsApi.review(documentId, { status: 'needs-reupload', reason: reason.trim() }),
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
      title="Ask for a re-upload"
      isOpen
      onOpenChange={(open) => (open ? undefined : close())}
      isDismissable={!pending}
    >
      <p className="dialog__body">
        The patient sees your reason next to “{title}” and is asked to upload it again.
      </p>
      <Alert tone="error" title="The request was not sent">
        {errors?.message}
      </Alert>
      <Form className="form" validationErrors={errors?.fields ?? {}} onSubmit={(e) => void onSubmit(e)}>
        <TextField
          name="reason"
          label="Reason"
          description="In plain words, for the patient, e.g. “The photo is blurred; the date of birth cannot be read.”"
          value={reason}
          onChange={setReason}
          isRequired
          requiredMessage="Say why the document must be uploaded again."
          minLength={5}
          tooShortMessage="Use at least 5 characters."
          maxLength={500}
          autoFocus
        />
        <div className="dialog__actions">
          <Button type="submit" isPending={pending}>
            Send to the patient
          </Button>
          <Button variant="quiet" isDisabled={pending} onPress={close}>
            Cancel
          </Button>
        </div>
      </Form>
    </Dialog>
  )
}
