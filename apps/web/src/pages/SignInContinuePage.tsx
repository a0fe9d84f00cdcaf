import { useEffect, useState } from 'react'
import { useLocation } from 'wouter'
import { Alert } from '../components/Alert.tsx'
import { Button } from '../components/Button.tsx'
import { Loading } from '../components/Loading.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { noticeState } from '../lib/notice-state.ts'
import { homePathForRole } from '../lib/roles.ts'
import { useSession, type SessionState } from '../lib/session.tsx'

export const OIDC_NO_SESSION_NOTICE =
  "We could not finish signing you in with your organisation's account. Try again or use your password."

/** Where a sign-in goes next, as after a password: the second factor, enrolment, or the role's home. */
function nextPath(state: SessionState): string | null {
  if (state.status !== 'active') return null
  if (state.stage === 'full') return homePathForRole(state.view.account.role)
  return state.stage === 'enrol' ? '/enrol' : '/sign-in'
}

/**
 * `/sign-in/continue`: where the server sends the browser after the clinic's OpenID Connect provider
 * signed the person in. The session cookie was set on the provider's redirect but not sent with it
 * (SameSite=Strict), so this page asks GET /api/session itself and then routes like a sign-in.
 * Nothing about the outcome travels in the URL.
 */
export function SignInContinuePage() {
  const { refresh } = useSession()
  const [, navigate] = useLocation()
  const [error, setError] = useState<string | null>(null)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let live = true
    refresh().then(
      (next) => {
        if (!live) return
        const path = nextPath(next)
        if (path !== null) navigate(path, { replace: true })
        else if (next.status === 'error') setError(next.message)
        else navigate('/sign-in', { replace: true, state: noticeState(OIDC_NO_SESSION_NOTICE) })
      },
      () => live && setError('We could not check whether you are signed in.'),
    )
    return () => {
      live = false
    }
  }, [refresh, navigate, attempt])

  return (
    <>
      <PageHeader title="Signing you in" />
      <div className="card">
        <Alert tone="error" title="We could not finish signing you in">
          {error}
        </Alert>
        {error === null ? (
          <Loading label="Finishing your sign-in…" />
        ) : (
          <Button
            onPress={() => {
              setError(null)
              setAttempt((n) => n + 1)
            }}
          >
            Try again
          </Button>
        )}
      </div>
    </>
  )
}
