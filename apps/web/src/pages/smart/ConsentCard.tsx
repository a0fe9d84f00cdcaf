import type { SessionView } from '@tessera/contracts'
import { useCallback, useState } from 'react'
import { smartApi } from '../../api/smart.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useApiData } from '../../lib/use-api-data.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import './smart.css'

export interface ConsentCardProps {
  requestId: string
  view: SessionView
}

/**
 * The consent screen: the app's name, exactly what Allow grants (already narrowed by the server to
 * what this person's role allows), where the browser goes next, and Allow / Deny.
 */
export function ConsentCard({ requestId, view }: ConsentCardProps) {
  const load = useCallback((signal: AbortSignal) => smartApi.request(requestId, signal), [requestId])
  const [request] = useApiData(load)
  const [pending, setPending] = useState<'allow' | 'deny' | null>(null)
  const [error, setError] = useState<string | null>(null)

  const decide = async (decision: 'allow' | 'deny'): Promise<void> => {
    setPending(decision)
    setError(null)
    try {
      const { redirectTo } = await smartApi.decide(requestId, decision)
      // Back to the app (another site), with a one-time code or the refusal.
      window.location.assign(redirectTo)
    } catch (failure) {
      setError(toSubmitErrors(failure).message)
      setPending(null)
    }
  }

  if (request.status === 'loading') return <Loading label="Loading the app's request…" />
  if (request.status === 'error')
    return (
      <>
        <PageHeader title="Connect an app" />
        <Alert tone="error" title="This request cannot be used">
          {request.message}
        </Alert>
      </>
    )

  const { app, scopes, redirectOrigin } = request.data
  const nothing = scopes.length === 0
  const disconnectWhere =
    view.account.role === 'patient' ? 'on your Privacy page' : 'by asking the clinic to end the connection'
  return (
    <>
      <PageHeader title={`Connect ${app.name}?`} />
      <section className="card consent" aria-labelledby="consent-title">
        <p className="muted">
          Signed in as {view.account.displayName} ({view.account.email})
        </p>
        <h2 id="consent-title" className="section-title">
          {nothing ? `${app.name} asks for nothing you can share` : `If you allow it, ${app.name} can:`}
        </h2>
        {nothing ? (
          <p>Tessera cannot give this app anything with your account. Go back to the app.</p>
        ) : (
          <ul className="consent__scopes">
            {scopes.map((scope) => (
              <li key={scope.scope}>{scope.text}</li>
            ))}
          </ul>
        )}
        <p className="muted">
          Afterwards you go back to <span className="consent__origin">{redirectOrigin}</span>. You can
          disconnect the app at any time {disconnectWhere}.
        </p>
        <Alert tone="error" title="That did not work">
          {error}
        </Alert>
        <div className="button-row">
          {nothing ? null : (
            <Button
              isPending={pending === 'allow'}
              isDisabled={pending === 'deny'}
              onPress={() => void decide('allow')}
            >
              Allow
            </Button>
          )}
          <Button
            variant="secondary"
            isPending={pending === 'deny'}
            isDisabled={pending === 'allow'}
            onPress={() => void decide('deny')}
          >
            {nothing ? 'Go back to the app' : 'Deny'}
          </Button>
        </div>
      </section>
    </>
  )
}
