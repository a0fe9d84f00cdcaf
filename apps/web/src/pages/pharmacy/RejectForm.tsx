import { useState } from 'react'
import { Form } from 'react-aria-components'
import { Button } from '../../components/Button.tsx'
import { TextAreaField } from '../../components/TextAreaField.tsx'

export interface RejectFormProps {
  pending: boolean
  onReject: (reason: string) => void
  onCancel: () => void
}

/** The reason goes back to the prescriber's queue (and the patient sees that it was returned). */
export function RejectForm({ pending, onReject, onCancel }: RejectFormProps) {
  const [reason, setReason] = useState('')
  return (
    <Form
      className="stack rx-subform"
      onSubmit={(e) => {
        e.preventDefault()
        onReject(reason.trim())
      }}
    >
      <TextAreaField
        label="Reason for returning it"
        description="The prescriber reads this in their queue."
        value={reason}
        onChange={setReason}
        isRequired
        maxLength={1000}
        rows={3}
      />
      <div className="button-row">
        <Button type="submit" variant="danger" isPending={pending}>
          Return to prescriber
        </Button>
        <Button variant="secondary" isDisabled={pending} onPress={onCancel}>
          Cancel
        </Button>
      </div>
    </Form>
  )
}
