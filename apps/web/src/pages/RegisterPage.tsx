import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { Link } from 'wouter'
import { authApi } from '../api/auth.ts'
import { Alert } from '../components/Alert.tsx'
import { Button } from '../components/Button.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { PasswordField } from '../components/PasswordField.tsx'
import { TextField } from '../components/TextField.tsx'
import { formText } from '../lib/form-values.ts'
import { toSubmitErrors, type SubmitErrors } from '../lib/submit-errors.ts'
import { focusPageHeading } from '../lib/use-focus-on-navigate.ts'

/**
 * Patient sign-up: email, name and a password rated as it is typed. The server answers the same
 * way whether or not the address is known, then emails a confirmation link.
 */
export function RegisterPage() {
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)
  const [sent, setSent] = useState<string | null>(null)

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    setPending(true)
    setErrors(null)
    try {
      const answer = await authApi.register({
        email: formText(data, 'email'),
        displayName: formText(data, 'displayName'),
        password: formText(data, 'password'),
      })
      setSent(answer.message)
      focusPageHeading()
    } catch (error) {
      setErrors(toSubmitErrors(error))
    } finally {
      setPending(false)
    }
  }

  if (sent !== null) {
    return (
      <>
        <PageHeader title="Check your email" />
        <div className="card">
          <Alert tone="success">{sent}</Alert>
          <p>
            Open the link in the email to confirm your address. Then sign in and set up a second way to prove
            it is you. If nothing arrives in a few minutes, check your spam folder.
          </p>
          <p>
            <Link href="/sign-in">Go to sign in</Link>
          </p>
        </div>
      </>
    )
  }

  return (
    <>
      <PageHeader title="Create your account">
        <p>For patients of this clinic. Staff receive an invitation instead.</p>
      </PageHeader>
      <div className="card">
        <Alert tone="error" title="Your account was not created">
          {errors?.message}
        </Alert>
        <Form className="form" validationErrors={errors?.fields ?? {}} onSubmit={(e) => void onSubmit(e)}>
          <TextField
            name="email"
            type="email"
            label="Email"
            autoComplete="email"
            isRequired
            requiredMessage="Enter your email address."
            typeMismatchMessage="Enter an email address like name@example.com."
            value={email}
            onChange={setEmail}
          />
          <TextField
            name="displayName"
            label="Full name"
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
            userInputs={[email, name]}
          />
          <div className="form__actions">
            <Button type="submit" fullWidth isPending={pending}>
              Create account
            </Button>
          </div>
        </Form>
        <p className="form__links">
          Already have an account? <Link href="/sign-in">Sign in</Link>
        </p>
      </div>
    </>
  )
}
