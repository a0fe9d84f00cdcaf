import type { FactorKind } from '@tessera/contracts'
import { useEffect, useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { Link, Redirect } from 'wouter'
import { authApi } from '../api/auth.ts'
import { signInWithPasskey } from '../api/passkeys.ts'
import { Alert } from '../components/Alert.tsx'
import { Button } from '../components/Button.tsx'
import { Loading } from '../components/Loading.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { TextField } from '../components/TextField.tsx'
import { usableFactors } from '../lib/factors.ts'
import { formText } from '../lib/form-values.ts'
import { clearNotice, readNotice } from '../lib/notice-state.ts'
import { homePathForRole } from '../lib/roles.ts'
import { useSession } from '../lib/session.tsx'
import { toSubmitErrors, type SubmitErrors } from '../lib/submit-errors.ts'
import { MfaStep } from './sign-in/MfaStep.tsx'
import { clearUrlQuery, OIDC_ERROR_MESSAGE, readOidcError } from './sign-in/oidc-error.ts'
import { OidcSignIn } from './sign-in/OidcSignIn.tsx'

/**
 * Sign-in: a passkey in one tap, or email and password followed, in place, by the second factor;
 * staff may also sign in through the clinic's OpenID Connect provider when one is set up.
 * Where the person goes next follows the session: the MFA step, enrolment, or their area's home.
 */
export function SignInPage() {
  const session = useSession()
  const { state, refresh } = session
  const [pending, setPending] = useState<'password' | 'passkey' | null>(null)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)
  // The factors offered after the password; on a reload mid-sign-in they come from the session.
  const [offered, setOffered] = useState<FactorKind[] | null>(null)
  const [notice] = useState(
    () => readNotice() ?? (state.status === 'signed-out' ? (state.notice ?? null) : null),
  )

  // `/sign-in?error=oidc`: the organisation's sign-in failed (the server says no more than that).
  const [oidcFailed, setOidcFailed] = useState(readOidcError)

  useEffect(() => {
    clearNotice()
    clearUrlQuery()
  }, [])

  const run = async (what: 'password' | 'passkey', action: () => Promise<void>): Promise<void> => {
    setPending(what)
    setErrors(null)
    setOidcFailed(false)
    try {
      await action()
      await refresh()
    } catch (error) {
      setErrors(toSubmitErrors(error))
    } finally {
      setPending(null)
    }
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    void run('password', async () => {
      const result = await authApi.signIn({
        email: formText(data, 'email'),
        password: formText(data, 'password'),
      })
      setOffered(result.factors)
    })
  }

  if (state.status === 'loading') return <Loading label="Checking your sign-in…" />
  if (state.status === 'active') {
    if (state.stage === 'full') return <Redirect to={homePathForRole(state.view.account.role)} replace />
    if (state.stage === 'enrol') return <Redirect to="/enrol" replace />
  }

  const mfa = state.status === 'active' && state.stage === 'mfa'
  return (
    <>
      <PageHeader title="Sign in">
        {mfa ? null : <p>Use the email address your clinic has on file.</p>}
      </PageHeader>
      <div className="card">
        <Alert tone="info">{mfa ? null : notice}</Alert>
        {mfa ? (
          <MfaStep
            methods={offered ?? usableFactors(state.view)}
            onDone={() => void refresh()}
            focusHeading={offered !== null}
            afterPassword={offered !== null}
            onRestart={() => {
              setOffered(null)
              void session.signOut()
            }}
          />
        ) : (
          <>
            <Alert tone="error" title="We could not sign you in">
              {errors ? errors.message : oidcFailed ? OIDC_ERROR_MESSAGE : null}
            </Alert>
            <Button
              fullWidth
              isPending={pending === 'passkey'}
              isDisabled={pending === 'password'}
              onPress={() => void run('passkey', signInWithPasskey)}
            >
              Sign in with a passkey
            </Button>
            <p className="form__divider" aria-hidden="true">
              or
            </p>
            <Form className="form" validationErrors={errors?.fields ?? {}} onSubmit={onSubmit}>
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
                <Button
                  type="submit"
                  variant="secondary"
                  fullWidth
                  isPending={pending === 'password'}
                  isDisabled={pending === 'passkey'}
                >
                  Sign in
                </Button>
              </div>
            </Form>
            <OidcSignIn />
            <ul className="link-list link-list--centered">
              <li>
                <Link href="/forgot-password">Forgot password?</Link>
              </li>
              <li>
                New patient? <Link href="/register">Create an account</Link>
              </li>
            </ul>
          </>
        )}
      </div>
    </>
  )
}
