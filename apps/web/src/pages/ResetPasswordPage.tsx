import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { Link, useLocation } from 'wouter'
import { authApi } from '../api/auth.ts'
import { Alert } from '../components/Alert.tsx'
import { Button } from '../components/Button.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { PasswordField } from '../components/PasswordField.tsx'
import { formText } from '../lib/form-values.ts'
import { noticeState } from '../lib/notice-state.ts'
import { toSubmitErrors, type SubmitErrors } from '../lib/submit-errors.ts'
import { useFragmentToken } from '../lib/use-fragment-token.ts'

export const PASSWORD_RESET_NOTICE =
  'Your password is changed. Sign in with it; we will still ask for your second factor.'

/** The emailed reset link, `/reset-password#t=<token>`: choose a new password, then sign in. */
export function ResetPasswordPage() {
  const token = useFragmentToken()
  const [, navigate] = useLocation()
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    if (!token) return
    const password = formText(new FormData(event.currentTarget), 'password')
    setPending(true)
    setErrors(null)
    try {
      await authApi.completePasswordReset({ token, password })
      navigate('/sign-in', { replace: true, state: noticeState(PASSWORD_RESET_NOTICE) })
    } catch (error) {
      setErrors(toSubmitErrors(error))
      setPending(false)
    }
  }

  return (
    <>
      <PageHeader title="Choose a new password" />
      <div className="card">
        <Alert tone="error" title="Your password was not changed">
          {token
            ? errors?.message
            : 'This link is incomplete. Open the full link from the email, including the part after #.'}
        </Alert>
        {token ? (
          <Form className="form" validationErrors={errors?.fields ?? {}} onSubmit={(e) => void onSubmit(e)}>
            <PasswordField
              name="password"
              label="New password"
              description="A few unrelated words make a strong password that is easy to remember."
            />
            <div className="form__actions">
              <Button type="submit" fullWidth isPending={pending}>
                Change password
              </Button>
            </div>
          </Form>
        ) : null}
        <p className="form__links">
          Link expired? <Link href="/forgot-password">Ask for a new one</Link>
        </p>
      </div>
    </>
  )
}
