import type { UpdateUserBody, UserSummary } from '@tessera/contracts'
import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { adminApi } from '../../api/admin.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { toSubmitErrors, type SubmitErrors } from '../../lib/submit-errors.ts'
import { isStaffRole, type StaffRole } from './staff-roles.ts'
import { StaffRoleFields } from './StaffRoleFields.tsx'

export interface EditUserDialogProps {
  user: UserSummary
  isOpen: boolean
  onClose: () => void
  onSaved: () => void
}

/** Change a staff member's role and, for clinicians, the prescriber and specialist flags. */
export function EditUserDialog({ user, isOpen, onClose, onSaved }: EditUserDialogProps) {
  const protect = useProtectedAction()
  const [role, setRole] = useState<StaffRole>(isStaffRole(user.role) ? user.role : 'clinician')
  const [prescriber, setPrescriber] = useState(user.prescriber)
  const [specialist, setSpecialist] = useState(user.specialist)
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)

  const close = (): void => {
    if (pending) return
    setErrors(null)
    onClose()
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const clinician = role === 'clinician'
    const body: UpdateUserBody = {}
    if (role !== user.role) body.role = role
    if ((clinician && prescriber) !== user.prescriber) body.prescriber = clinician && prescriber
    if ((clinician && specialist) !== user.specialist) body.specialist = clinician && specialist
    if (Object.keys(body).length === 0) {
      close()
      return
    }
    setPending(true)
    setErrors(null)
    try {
      await protect(() => adminApi.updateUser(user.id, body))
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
      title={`Edit ${user.displayName}`}
      isOpen={isOpen}
      onOpenChange={(open) => (open ? undefined : close())}
      isDismissable={!pending}
    >
      <Alert tone="error" title="Nothing was changed">
        {errors?.message}
      </Alert>
      <Form className="form" validationErrors={errors?.fields ?? {}} onSubmit={(e) => void onSubmit(e)}>
        <StaffRoleFields
          role={role}
          onRoleChange={setRole}
          prescriber={prescriber}
          onPrescriberChange={setPrescriber}
          specialist={specialist}
          onSpecialistChange={setSpecialist}
        />
        <div className="dialog__actions">
          <Button type="submit" isPending={pending}>
            Save changes
          </Button>
          <Button variant="quiet" isDisabled={pending} onPress={close}>
            Cancel
          </Button>
        </div>
      </Form>
    </Dialog>
  )
}
