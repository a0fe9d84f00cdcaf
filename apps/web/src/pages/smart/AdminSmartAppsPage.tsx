import type { SmartAppView } from '@tessera/contracts'
import { useState } from 'react'
import { smartApi } from '../../api/smart.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { formatDateTime } from '../../lib/format-time.ts'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { useApiData } from '../../lib/use-api-data.ts'
import { RegisterAppCard } from './RegisterAppCard.tsx'
import './smart.css'

export interface AdminSmartAppsPageProps {
  area: Area
}

/** Outside apps (SMART on FHIR): register them, see what they may ask for, turn them off. */
export function AdminSmartAppsPage({ area }: AdminSmartAppsPageProps) {
  const protect = useProtectedAction()
  const [apps, reload] = useApiData(smartApi.apps)
  const [disabling, setDisabling] = useState<SmartAppView | null>(null)

  const disable = async (app: SmartAppView): Promise<void> => {
    await protect(() => smartApi.disable(app.clientId))
    reload()
  }

  return (
    <>
      <PageHeader title="Apps" titleContext={area.label}>
        <p>Outside apps that may read records with a person&apos;s permission (SMART on FHIR).</p>
      </PageHeader>
      <div className="stack">
        <RegisterAppCard onRegistered={reload} />
        <section className="card" aria-labelledby="apps-title">
          <h2 id="apps-title" className="section-title">
            Registered apps
          </h2>
          {apps.status === 'loading' ? <Loading label="Loading the apps…" /> : null}
          {apps.status === 'error' ? (
            <Alert tone="error" title="We could not load the apps">
              {apps.message}
            </Alert>
          ) : null}
          {apps.status === 'ready' && apps.data.apps.length === 0 ? <p>No apps are registered.</p> : null}
          {apps.status === 'ready' && apps.data.apps.length > 0 ? (
            <ul className="item-list" aria-label="Registered apps">
              {apps.data.apps.map((app) => (
                <li key={app.clientId} className="item">
                  <div className="item__main">
                    <p className="item__title">
                      {app.name}
                      <span className="badge">{app.type === 'public' ? 'Public' : 'Confidential'}</span>
                      {app.disabledAt ? <span className="badge badge--danger">Turned off</span> : null}
                    </p>
                    <p className="item__meta">
                      Client ID <span className="smart-app__id">{app.clientId}</span>
                    </p>
                    <p className="item__meta">Registered {formatDateTime(app.createdAt)}</p>
                    <p className="item__meta">
                      Returns to <span className="smart-app__id">{app.redirectUris.join(' ')}</span>
                    </p>
                    <p className="item__meta">
                      May ask for <span className="smart-app__id">{app.scopes.join(' ')}</span>
                    </p>
                  </div>
                  {app.disabledAt ? null : (
                    <Button variant="quiet" onPress={() => setDisabling(app)}>
                      Turn off<span className="visually-hidden"> {app.name}</span>
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      </div>
      <ConfirmDialog
        title={`Turn off ${disabling?.name ?? 'this app'}?`}
        isOpen={disabling !== null}
        confirmLabel="Turn off"
        danger
        onConfirm={() => (disabling ? disable(disabling) : Promise.resolve())}
        onClose={() => setDisabling(null)}
      >
        <p>Every connection people made to this app ends at once, and no one can connect it again.</p>
      </ConfirmDialog>
    </>
  )
}
