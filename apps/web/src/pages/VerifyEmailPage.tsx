import { useEffect, useRef, useState } from 'react'
import { Link, useLocation } from 'wouter'
import { authApi } from '../api/auth.ts'
import { Alert } from '../components/Alert.tsx'
import { Loading } from '../components/Loading.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { noticeState } from '../lib/notice-state.ts'
import { toSubmitErrors } from '../lib/submit-errors.ts'
import { useFragmentToken } from '../lib/use-fragment-token.ts'

export const EMAIL_CONFIRMED_NOTICE =
  'Your email address is confirmed. Sign in, then set up a second way to prove it is you.'

/**
 * The link in the confirmation email: `/verify-email#t=<token>`. The token is sent once, then the
 * person goes to sign in, which continues with enrolment of a second factor.
 */
export function VerifyEmailPage() {
  const token = useFragmentToken()
  const [, navigate] = useLocation()
  const [error, setError] = useState<string | null>(null)
  // Posted once per page, even when React runs effects twice in development: a token works once.
  const started = useRef(false)

  useEffect(() => {
    if (!token || started.current) return
    started.current = true
    authApi.verifyEmail({ token }).then(
      () => navigate('/sign-in', { replace: true, state: noticeState(EMAIL_CONFIRMED_NOTICE) }),
      (cause: unknown) => setError(toSubmitErrors(cause).message),
    )
  }, [token, navigate])

  return (
    <>
      <PageHeader title="Confirm your email address" />
      <div className="card">
        <Alert tone="error" title="We could not confirm your email address">
          {token
            ? error
            : 'This link is incomplete. Open the full link from the email, including the part after #.'}
        </Alert>
        {token && !error ? <Loading label="Confirming your email address…" /> : null}
        {error || !token ? (
          <p>
            Links work once and expire. <Link href="/sign-in">Sign in</Link> if you confirmed already, or{' '}
            <Link href="/register">create your account again</Link> to get a new link.
          </p>
        ) : null}
      </div>
    </>
  )
}
