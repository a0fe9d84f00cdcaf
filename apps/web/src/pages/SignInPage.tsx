import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { Link } from 'wouter'
import { api } from '../api/client.ts'
import { Alert } from '../components/Alert.tsx'
import { Button } from '../components/Button.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { TextField } from '../components/TextField.tsx'
import { formText } from '../lib/form-values.ts'
import { toSubmitErrors, type SubmitErrors } from '../lib/submit-errors.ts'

type Notice = { tone: 'info' | 'success'; text: string } | null

/**
 * Email + password sign-in, with passkeys offered alongside. The identity work wires the MFA step
 * and the redirect into the person's area; for now a success is acknowledged in place.
 */
export function SignInPage() {
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)
  const [notice, setNotice] = useState<Notice>(null)

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    setPending(true)
    setErrors(null)
    setNotice(null)
    try {
      await api.post('/api/auth/sign-in', {
        email: formText(data, 'email'),
        password: formText(data, 'password'),
      })
      setNotice({ tone: 'success', text: 'Signed in.' })
    } catch (error) {
      setErrors(toSubmitErrors(error))
    } finally {
      setPending(false)
    }
  }

  const onPasskey = (): void => {
    setErrors(null)
    setNotice({ tone: 'info', text: 'Passkey sign-in is not available yet. Use your email and password.' })
  }

  return (
    <>
      <PageHeader title="Sign in">
        <p>Use the email address your clinic has on file.</p>
      </PageHeader>
      <div className="card">
        <Alert tone="error" title="We could not sign you in">
          {errors?.message}
        </Alert>
        <Alert tone={notice?.tone ?? 'info'}>{notice?.text}</Alert>
        <Form
          className="form"
          validationErrors={errors?.fields ?? {}}
          onSubmit={(event) => void onSubmit(event)}
        >
          <TextField
            name="email"
            type="email"
            label="Email"
            autoComplete="username webauthn"
            isRequired
            requiredMessage="Enter your email address."
            typeMismatchMessage="Enter an email address like name@example.com."
          />
          <TextField
            name="password"
            type="password"
            label="Password"
            autoComplete="current-password"
            isRequired
            requiredMessage="Enter your password."
          />
          <div className="form__actions">
            <Button type="submit" fullWidth isPending={pending}>
              Sign in
            </Button>
          </div>
        </Form>
        <p className="form__divider" aria-hidden="true">
          or
        </p>
        <Button variant="secondary" fullWidth onPress={onPasskey}>
          Sign in with a passkey
        </Button>
        <p className="form__links">
          <Link href="/forgot-password">Forgot password?</Link>
        </p>
      </div>
    </>
  )
}
