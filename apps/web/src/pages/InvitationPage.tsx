import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { useLocation } from 'wouter'
import { authApi } from '../api/auth.ts'
import { Alert } from '../components/Alert.tsx'
import { Button } from '../components/Button.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { PasswordField } from '../components/PasswordField.tsx'
import { TextField } from '../components/TextField.tsx'
import { formText } from '../lib/form-values.ts'
import { useSession } from '../lib/session.tsx'
import { toSubmitErrors, type SubmitErrors } from '../lib/submit-errors.ts'
import { useFragmentToken } from '../lib/use-fragment-token.ts'

/**
 * A staff invitation, `/invitation#t=<token>`: name and password, then straight into enrolment of a
 * second factor (the server answers with a partial session).
 */
export function InvitationPage() {
  const token = useFragmentToken()
  const { refresh } = useSession()
  const [, navigate] = useLocation()
  const [name, setName] = useState('')
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    if (!token) return
    const data = new FormData(event.currentTarget)
    setPending(true)
    setErrors(null)
    try {
      const result = await authApi.acceptInvitation({
        token,
        displayName: formText(data, 'displayName'),
        password: formText(data, 'password'),
      })
      await refresh()
      navigate(result.next === 'mfa' ? '/sign-in' : '/enrol', { replace: true })
    } catch (error) {
      setErrors(toSubmitErrors(error))
      setPending(false)
    }
  }

  return (
    <>
      <PageHeader title="Join your clinic on Tessera">
        <p>Choose your name and password. Next you will set up a second way to prove it is you.</p>
      </PageHeader>
      <div className="card">
        <Alert tone="error" title="We could not accept the invitation">
          {token
            ? errors?.message
            : 'This link is incomplete. Open the full link from the invitation email, including the part after #.'}
        </Alert>
        {token ? (
          <Form className="form" validationErrors={errors?.fields ?? {}} onSubmit={(e) => void onSubmit(e)}>
            <TextField
              name="displayName"
              label="Full name"
              description="As colleagues and patients should see it."
              autoComplete="name"
              isRequired
              requiredMessage="Enter your full name."
              maxLength={120}
              value={name}
              onChange={setName}
            />
            <PasswordField
              name="password"
              label="Password"
              description="A few unrelated words make a strong password that is easy to remember."
              userInputs={[name]}
            />
            <div className="form__actions">
              <Button type="submit" fullWidth isPending={pending}>
                Accept and continue
              </Button>
            </div>
          </Form>
        ) : (
          <p>Invitations expire. If yours has, ask your clinic administrator to send a new one.</p>
        )}
      </div>
    </>
  )
}
