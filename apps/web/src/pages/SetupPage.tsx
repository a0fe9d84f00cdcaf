import type { CreateFirstAdminBody } from '@tessera/contracts'
import { useEffect, useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { Link } from 'wouter'
import { api } from '../api/client.ts'
import { Alert } from '../components/Alert.tsx'
import { Button } from '../components/Button.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { TextField } from '../components/TextField.tsx'
import { formText } from '../lib/form-values.ts'
import { clearUrlFragment, readSetupToken } from '../lib/setup-token.ts'
import { toSubmitErrors, type SubmitErrors } from '../lib/submit-errors.ts'

/**
 * First-run setup: `tessera start` prints a one-time link `/setup#t=<token>`. The token is read
 * from the fragment once, kept in memory, and wiped from the address bar so it does not linger in
 * history or on a shared screen. The identity work completes the flow (MFA enrolment next).
 */
export function SetupPage() {
  const [token] = useState(() => readSetupToken(window.location.hash))
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)
  const [done, setDone] = useState(false)

  useEffect(() => {
    if (window.location.hash) clearUrlFragment()
  }, [])

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    if (!token) return
    const data = new FormData(event.currentTarget)
    setPending(true)
    setErrors(null)
    try {
      const body: CreateFirstAdminBody = {
        token,
        email: formText(data, 'email'),
        displayName: formText(data, 'displayName'),
        password: formText(data, 'password'),
      }
      await api.post('/api/setup/admin', body)
      setDone(true)
    } catch (error) {
      setErrors(toSubmitErrors(error))
    } finally {
      setPending(false)
    }
  }

  return (
    <>
      <PageHeader title="Create the first administrator">
        <p>This account will manage staff, clinic settings and compliance.</p>
      </PageHeader>
      <div className="card">
        <Alert tone="error" title="The administrator was not created">
          {errors?.message}
        </Alert>
        <Alert tone="success" title="Administrator created">
          {done ? (
            <p>
              Your account is ready. <Link href="/sign-in">Sign in</Link> to continue.
            </p>
          ) : null}
        </Alert>
        {!token ? (
          <Alert tone="error" title="This setup link is incomplete">
            <p>
              Open the full link that <code>tessera start</code> printed, including the part after{' '}
              <code>#</code>. For your safety the page forgets the link once it opens, so if you reloaded it,
              open the link again.
            </p>
          </Alert>
        ) : null}
        {token && !done ? (
          <Form
            className="form"
            validationErrors={errors?.fields ?? {}}
            onSubmit={(event) => void onSubmit(event)}
          >
            <TextField
              name="email"
              type="email"
              label="Email"
              autoComplete="email"
              isRequired
              requiredMessage="Enter your email address."
              typeMismatchMessage="Enter an email address like name@example.com."
            />
            <TextField
              name="displayName"
              label="Full name"
              autoComplete="name"
              isRequired
              requiredMessage="Enter your full name."
            />
            <TextField
              name="password"
              type="password"
              label="Password"
              description="Use a long passphrase that you do not use anywhere else."
              autoComplete="new-password"
              isRequired
              requiredMessage="Choose a password."
            />
            <div className="form__actions">
              <Button type="submit" fullWidth isPending={pending}>
                Create administrator
              </Button>
            </div>
          </Form>
        ) : null}
      </div>
    </>
  )
}
