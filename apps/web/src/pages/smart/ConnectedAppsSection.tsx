import type { ConnectedApp } from '@tessera/contracts'
import { useState } from 'react'
import { smartApi } from '../../api/smart.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { Loading } from '../../components/Loading.tsx'
import { formatDateTime } from '../../lib/format-time.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import './smart.css'

/** Apps the person allowed to read their record (SMART on FHIR), with Disconnect. */
export function ConnectedAppsSection() {
  const [data, reload] = useApiData(smartApi.connections)
  const [confirming, setConfirming] = useState<ConnectedApp | null>(null)
  const [done, setDone] = useState<string | null>(null)

  const disconnect = async (app: ConnectedApp): Promise<void> => {
    await smartApi.disconnect(app.clientId)
    setDone(`${app.name} is disconnected. It can no longer read your record.`)
    reload()
  }

  return (
    <section className="card" aria-labelledby="connected-apps-title">
      <h2 id="connected-apps-title" className="section-title">
        Connected apps
      </h2>
      <p className="muted">Apps you allowed to use your record. Disconnecting one stops it at once.</p>
      <Alert tone="success">{done}</Alert>
      {data.status === 'loading' ? <Loading label="Loading your connected apps…" /> : null}
      {data.status === 'error' ? (
        <>
          <Alert tone="error" title="We could not load your connected apps">
            {data.message}
          </Alert>
          <Button variant="secondary" onPress={reload}>
            Try again
          </Button>
        </>
      ) : null}
      {data.status === 'ready' && data.data.apps.length === 0 ? <p>No apps are connected.</p> : null}
      {data.status === 'ready' && data.data.apps.length > 0 ? (
        <ul className="item-list" aria-label="Connected apps">
          {data.data.apps.map((app) => (
            <li key={app.clientId} className="item">
              <div className="item__main">
                <p className="item__title">{app.name}</p>
                <p className="item__meta">Connected {formatDateTime(app.connectedAt)}</p>
                <p className="item__meta">
                  {app.lastUsedAt ? `Last used ${formatDateTime(app.lastUsedAt)}` : 'Not used yet'}
                </p>
                <ul className="smart-app__scopes">
                  {app.scopes.map((scope) => (
                    <li key={scope.scope}>{scope.text}</li>
                  ))}
                </ul>
              </div>
              <Button variant="quiet" onPress={() => setConfirming(app)}>
                Disconnect<span className="visually-hidden"> {app.name}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <ConfirmDialog
        title={`Disconnect ${confirming?.name ?? 'this app'}?`}
        isOpen={confirming !== null}
        confirmLabel="Disconnect"
        danger
        onConfirm={() => (confirming ? disconnect(confirming) : Promise.resolve())}
        onClose={() => setConfirming(null)}
      >
        <p>The app loses access to your record straight away. To use it again, you will connect it again.</p>
      </ConfirmDialog>
    </section>
  )
}
