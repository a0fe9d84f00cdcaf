import type { MisuseAlertStatus, SessionView } from '@tessera/contracts'
import { useCallback, useState } from 'react'
import { alertsApi } from '../../api/alerts.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { SelectField } from '../../components/SelectField.tsx'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { AlertItem } from './AlertItem.tsx'
import { isAlertStatus, STATUS_OPTIONS } from './alert-labels.ts'

export interface AdminAlertsPageProps {
  area: Area
  view: SessionView
}

const EMPTY: Record<MisuseAlertStatus, string> = {
  open: 'No open alerts. New ones appear here within minutes of what set them off.',
  acknowledged: 'No acknowledged alerts.',
  dismissed: 'No dismissed alerts.',
}

/** Possible misuse found in the audit trail (S23): the privacy officer acknowledges or dismisses each. */
export function AdminAlertsPage({ area, view }: AdminAlertsPageProps) {
  const [status, setStatus] = useState<MisuseAlertStatus>('open')
  const load = useCallback((signal: AbortSignal) => alertsApi.list({ status }, signal), [status])
  const [alerts, reload] = useApiData(load)
  const canReview = view.account.role === 'privacy-officer'

  return (
    <>
      <PageHeader title="Alerts" titleContext={area.label}>
        <p>
          Possible misuse of patient records, found in the audit trail. Check what happened in the audit
          search, then acknowledge the alert or dismiss it.
        </p>
      </PageHeader>
      {canReview ? null : (
        <Alert tone="info" title="Read only">
          Only a privacy officer can acknowledge or dismiss alerts.
        </Alert>
      )}
      <section className="card" aria-labelledby="alerts-title">
        <h2 id="alerts-title" className="section-title">
          {STATUS_OPTIONS.find((o) => o.value === status)?.label} alerts
        </h2>
        <div className="filter">
          <SelectField
            label="Show"
            name="status"
            value={status}
            options={STATUS_OPTIONS}
            onChange={(value) => {
              if (isAlertStatus(value)) setStatus(value)
            }}
          />
          <Button variant="secondary" onPress={reload}>
            Refresh
          </Button>
        </div>
        {alerts.status === 'loading' ? <Loading label="Loading alerts…" /> : null}
        {alerts.status === 'error' ? (
          <Alert tone="error" title="We could not load the alerts">
            {alerts.message}
          </Alert>
        ) : null}
        {alerts.status === 'ready' && alerts.data.alerts.length === 0 ? (
          <p className="muted">{EMPTY[status]}</p>
        ) : null}
        {alerts.status === 'ready' && alerts.data.alerts.length > 0 ? (
          <ul className="item-list" aria-labelledby="alerts-title">
            {alerts.data.alerts.map((alert) => (
              <AlertItem
                key={alert.id}
                alert={alert}
                canReview={canReview && alert.actor?.id !== view.account.id}
                isAboutSelf={alert.actor?.id === view.account.id}
                onReviewed={reload}
              />
            ))}
          </ul>
        ) : null}
      </section>
    </>
  )
}
