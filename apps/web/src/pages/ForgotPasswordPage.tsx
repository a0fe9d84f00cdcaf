import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { Link } from 'wouter'
import { authApi } from '../api/auth.ts'
import { Alert } from '../components/Alert.tsx'
import { Button } from '../components/Button.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { TextField } from '../components/TextField.tsx'
import { formText } from '../lib/form-values.ts'
import { toSubmitErrors, type SubmitErrors } from '../lib/submit-errors.ts'

const SENT_FALLBACK =
  'If an account exists for that address, we have sent a link to reset the password. It works for a short time.'

/** Asks for a reset link. The answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)
  const [sent, setSent] = useState<string | null>(null)

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const email = formText(new FormData(event.currentTarget), 'email')
    setPending(true)
    setErrors(null)
    try {
      const answer = await authApi.requestPasswordReset({ email })
      setSent(answer.message || SENT_FALLBACK)
    } catch (error) {
      setErrors(toSubmitErrors(error))
    } finally {
      setPending(false)
    }
  }

  return (
    <>
      <PageHeader title="Reset your password">
        <p>We will email you a link to choose a new password.</p>
      </PageHeader>
      <div className="card">
        <Alert tone="error" title="We could not send the link">
          {errors?.message}
        </Alert>
        <Alert tone="success" title="Check your email">
          {sent}
        </Alert>
        {sent === null ? (
          <Form className="form" validationErrors={errors?.fields ?? {}} onSubmit={(e) => void onSubmit(e)}>
            <TextField
              name="email"
              type="email"
              label="Email"
              autoComplete="email"
              isRequired
              requiredMessage="Enter your email address."
              typeMismatchMessage="Enter an email address like name@example.com."
            />
            <div className="form__actions">
              <Button type="submit" fullWidth isPending={pending}>
                Send the link
              </Button>
            </div>
          </Form>
        ) : (
          <p>Your second factor is still needed when you sign in with the new password.</p>
        )}
        <p className="form__links">
          <Link href="/sign-in">Back to sign in</Link>
        </p>
      </div>
    </>
  )
}
