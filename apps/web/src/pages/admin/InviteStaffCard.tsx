import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { adminApi } from '../../api/admin.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { TextField } from '../../components/TextField.tsx'
import { formatDateTime } from '../../lib/format-time.ts'
import { formText } from '../../lib/form-values.ts'
import { ROLE_LABELS } from '../../lib/roles.ts'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { toSubmitErrors, type SubmitErrors } from '../../lib/submit-errors.ts'
import type { StaffRole } from './staff-roles.ts'
import { StaffRoleFields } from './StaffRoleFields.tsx'

export interface InviteStaffCardProps {
  onInvited: () => void
}

/** Invite a member of staff by email, with their role (and, for clinicians, prescribing flags). */
export function InviteStaffCard({ onInvited }: InviteStaffCardProps) {
  const protect = useProtectedAction()
  const [role, setRole] = useState<StaffRole>('clinician')
  const [prescriber, setPrescriber] = useState(false)
  const [specialist, setSpecialist] = useState(false)
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)
  const [sent, setSent] = useState<string | null>(null)
  const [formKey, setFormKey] = useState(0)

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const email = formText(new FormData(event.currentTarget), 'email')
    const clinician = role === 'clinician'
    setPending(true)
    setErrors(null)
    setSent(null)
    try {
      const invitation = await protect(() =>
        adminApi.invite({
          email,
          role,
          prescriber: clinician && prescriber,
          specialist: clinician && specialist,
        }),
      )
      setSent(
        `Invitation sent to ${invitation.email} as ${ROLE_LABELS[invitation.role].toLowerCase()}. ` +
          `The link works until ${formatDateTime(invitation.expiresAt)}.`,
      )
      setFormKey((k) => k + 1)
      setPrescriber(false)
      setSpecialist(false)
      onInvited()
    } catch (error) {
      setErrors(toSubmitErrors(error))
    } finally {
      setPending(false)
    }
  }

  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title" className="section-title">
        Invite staff
      </h2>
      <p className="muted">They get an email link to choose a password and set up their second factor.</p>
      <Alert tone="success">{sent}</Alert>
      <Alert tone="error" title="The invitation was not sent">
        {errors?.message}
      </Alert>
      <Form
        key={formKey}
        className="form"
        validationErrors={errors?.fields ?? {}}
        onSubmit={(e) => void onSubmit(e)}
      >
        <TextField
          name="email"
          type="email"
          label="Work email"
          autoComplete="off"
          isRequired
          requiredMessage="Enter their email address."
          typeMismatchMessage="Enter an email address like name@example.com."
        />
        <StaffRoleFields
          role={role}
          onRoleChange={setRole}
          prescriber={prescriber}
          onPrescriberChange={setPrescriber}
          specialist={specialist}
          onSpecialistChange={setSpecialist}
        />
        <div className="form__actions">
          <Button type="submit" isPending={pending}>
            Send invitation
          </Button>
        </div>
      </Form>
    </section>
  )
}
