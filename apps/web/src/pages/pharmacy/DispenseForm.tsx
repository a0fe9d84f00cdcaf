import type { DispenseBody } from '@tessera/contracts'
import { useState } from 'react'
import { Form } from 'react-aria-components'
import { Button } from '../../components/Button.tsx'
import { TextField } from '../../components/TextField.tsx'

export interface DispenseFormProps {
  pending: boolean
  onDispense: (body: DispenseBody) => void
  onCancel: () => void
}

/** Batch number and expiry date of what is supplied (both go on the MedicationDispense). */
export function DispenseForm({ pending, onDispense, onCancel }: DispenseFormProps) {
  const [batch, setBatch] = useState('')
  const [expiry, setExpiry] = useState('')
  return (
    <Form
      className="stack rx-subform"
      onSubmit={(e) => {
        e.preventDefault()
        onDispense({ batch: batch.trim(), expiry: expiry.trim() })
      }}
    >
      <TextField
        label="Batch number"
        name="batch"
        value={batch}
        onChange={setBatch}
        isRequired
        requiredMessage="Enter the batch number."
        pattern="[A-Za-z0-9.\/\-]+"
        patternMessage="Letters, digits, dots, slashes and dashes only."
        maxLength={40}
      />
      <TextField
        label="Expiry date"
        name="expiry"
        description="As on the pack, YYYY-MM-DD. It must be after today."
        value={expiry}
        onChange={setExpiry}
        isRequired
        requiredMessage="Enter the expiry date."
        pattern="\d{4}-\d{2}-\d{2}"
        patternMessage="Write the date as YYYY-MM-DD, e.g. 2027-06-30."
      />
      <div className="button-row">
        <Button type="submit" isPending={pending}>
          Record dispense
        </Button>
        <Button variant="secondary" isDisabled={pending} onPress={onCancel}>
          Cancel
        </Button>
      </div>
    </Form>
  )
}
