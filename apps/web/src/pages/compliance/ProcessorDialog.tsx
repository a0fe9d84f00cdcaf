import type { ProcessorView } from '@tessera/contracts'
import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { complianceApi } from '../../api/compliance.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Checkbox } from '../../components/Checkbox.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { TextField } from '../../components/TextField.tsx'
import { toSubmitErrors, type SubmitErrors } from '../../lib/submit-errors.ts'
import { plainFieldErrors, processorBodyFrom } from './processor-form.ts'

export interface ProcessorDialogProps {
  /** The processor to edit; absent to add a new one. */
  processor?: ProcessorView
  isOpen: boolean
  onClose: () => void
  onSaved: () => void
}

/** Add or edit a processor: the service, its agreement, and the hosts the server may reach for it. */
export function ProcessorDialog({ processor, isOpen, onClose, onSaved }: ProcessorDialogProps) {
  const [signed, setSigned] = useState(processor?.agreementSigned ?? false)
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)

  const close = (): void => {
    if (pending) return
    setErrors(null)
    onClose()
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const body = processorBodyFrom(event.currentTarget, signed)
    setPending(true)
    setErrors(null)
    try {
      if (processor) await complianceApi.updateProcessor(processor.id, body)
      else await complianceApi.createProcessor(body)
      setPending(false)
      onSaved()
      onClose()
    } catch (error) {
      setErrors(plainFieldErrors(toSubmitErrors(error), body.hosts))
      setPending(false)
    }
  }

  return (
    <Dialog
      title={processor ? `Edit ${processor.name}` : 'Add a processor'}
      isOpen={isOpen}
      onOpenChange={(open) => (open ? undefined : close())}
      isDismissable={!pending}
    >
      <Alert tone="error" title={processor ? 'Nothing was changed' : 'The processor was not added'}>
        {errors?.message}
      </Alert>
      <Form className="form" validationErrors={errors?.fields ?? {}} onSubmit={(e) => void onSubmit(e)}>
        <TextField
          name="name"
          label="Name"
          isRequired
          requiredMessage="Enter the service's name."
          defaultValue={processor?.name ?? ''}
        />
        <TextField
          name="purpose"
          label="Purpose"
          description="What the clinic uses it for."
          isRequired
          requiredMessage="Say what the clinic uses it for."
          defaultValue={processor?.purpose ?? ''}
        />
        <TextField
          name="dataCategories"
          label="Data categories"
          description="The personal data it sees, separated by commas, e.g. email addresses, appointment times."
          defaultValue={processor?.dataCategories.join(', ') ?? ''}
        />
        <TextField
          name="region"
          label="Region"
          description="Where it processes data, e.g. UK or EU (Ireland)."
          isRequired
          requiredMessage="Enter where it processes data."
          defaultValue={processor?.region ?? ''}
        />
        <Checkbox
          name="agreementSigned"
          isSelected={signed}
          onChange={setSigned}
          description="A data processing agreement (GDPR Art. 28) or business associate agreement (HIPAA)."
        >
          The DPA or BAA is signed
        </Checkbox>
        <TextField
          name="agreementExpiresOn"
          label="Agreement ends on"
          type="date"
          description="Leave empty when it does not expire."
          defaultValue={processor?.agreementExpiresOn ?? ''}
        />
        <TextField
          name="hosts"
          label="Hosts"
          description="Host names the server may connect to for it, separated by commas: smtp.example.org, an IP address, or *.example.org."
          defaultValue={processor?.hosts.join(', ') ?? ''}
        />
        <div className="dialog__actions">
          <Button type="submit" isPending={pending}>
            {processor ? 'Save changes' : 'Add processor'}
          </Button>
          <Button variant="quiet" isDisabled={pending} onPress={close}>
            Cancel
          </Button>
        </div>
      </Form>
    </Dialog>
  )
}
