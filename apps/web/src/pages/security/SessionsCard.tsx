import type { SessionList } from '@tessera/contracts'
import { useState } from 'react'
import { accountApi } from '../../api/account.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { Loading } from '../../components/Loading.tsx'
import { formatDateTime } from '../../lib/format-time.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { toSubmitErrors } from '../../lib/submit-errors.ts'

type Session = SessionList['sessions'][number]

/** Devices and sessions: where this account is signed in, with "sign out" per device and for all others. */
export function SessionsCard() {
  const protect = useProtectedAction()
  const [data, reload] = useApiData(accountApi.sessions)
  const [pendingId, setPendingId] = useState<string | null>(null)
  const [confirmOthers, setConfirmOthers] = useState(false)
  const [result, setResult] = useState<{ tone: 'success' | 'error'; text: string } | null>(null)

  const signOutOne = async (session: Session): Promise<void> => {
    setPendingId(session.id)
    setResult(null)
    try {
      await protect(() => accountApi.signOutSession(session.id))
      setResult({ tone: 'success', text: `Signed out on ${session.device}.` })
      reload()
    } catch (error) {
      setResult({ tone: 'error', text: toSubmitErrors(error).message })
    } finally {
      setPendingId(null)
    }
  }

  const signOutOthers = async (): Promise<void> => {
    await protect(() => accountApi.signOutOthers())
    setResult({ tone: 'success', text: 'Signed out on all your other devices.' })
    reload()
  }

  const sessions = data.status === 'ready' ? data.data.sessions : []
  const others = sessions.filter((s) => !s.current)
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title" className="section-title">
        Devices and sessions
      </h2>
      <p className="muted">If you see a device you do not recognise, sign it out and change your password.</p>
      <Alert tone="success">{result?.tone === 'success' ? result.text : null}</Alert>
      <Alert tone="error">{result?.tone === 'error' ? result.text : null}</Alert>
      {data.status === 'loading' ? <Loading label="Loading your sessions…" /> : null}
      {data.status === 'error' ? (
        <>
          <Alert tone="error" title="We could not load your sessions">
            {data.message}
          </Alert>
          <Button variant="secondary" onPress={reload}>
            Try again
          </Button>
        </>
      ) : null}
      {data.status === 'ready' ? (
        <ul className="item-list">
          {sessions.map((session) => (
            <li key={session.id} className="item">
              <div className="item__main">
                <p className="item__title">
                  {session.device || 'Unknown device'}
                  {session.current ? <span className="badge badge--success">This device</span> : null}
                </p>
                <p className="item__meta">Last active {formatDateTime(session.lastSeenAt)}</p>
                <p className="item__meta">Signed in {formatDateTime(session.createdAt)}</p>
              </div>
              {session.current ? null : (
                <Button
                  variant="quiet"
                  isPending={pendingId === session.id}
                  onPress={() => void signOutOne(session)}
                >
                  Sign out<span className="visually-hidden"> on {session.device}</span>
                </Button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {others.length > 0 ? (
        <Button variant="secondary" onPress={() => setConfirmOthers(true)}>
          Sign out all other devices
        </Button>
      ) : null}
      <ConfirmDialog
        title="Sign out all other devices?"
        isOpen={confirmOthers}
        confirmLabel="Sign out other devices"
        onConfirm={signOutOthers}
        onClose={() => setConfirmOthers(false)}
      >
        <p>
          Every other phone, tablet and computer signed in to your account will be signed out. This device
          stays signed in.
        </p>
      </ConfirmDialog>
    </section>
  )
}
