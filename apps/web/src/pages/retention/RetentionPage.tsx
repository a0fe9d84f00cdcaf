import { useCallback, useState } from 'react'
import { retentionApi } from '../../api/retention.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { RetentionItem } from './RetentionItem.tsx'

/**
 * The privacy officer's retention queue (S37): records a daily scan found past their retention
 * period. Nothing is erased until the officer approves it here, one record at a time.
 */
export function RetentionPage({ area }: { area: Area }) {
  const load = useCallback((signal: AbortSignal) => retentionApi.flagged(signal), [])
  const [list, reload] = useApiData(load)
  // Erased in this visit: the server lists only records still waiting, so the row stays and says so.
  const [erased, setErased] = useState<Record<string, string>>({})

  return (
    <>
      <PageHeader title="Retention" titleContext={area.label}>
        <p>
          Records past their retention period, found by the daily scan. Each waits for your decision: nothing
          is erased until you approve it.
        </p>
      </PageHeader>
      <section className="card" aria-labelledby="retention-title">
        <h2 id="retention-title" className="section-title">
          Waiting for review
        </h2>
        <Button variant="secondary" onPress={reload}>
          Refresh
        </Button>
        {list.status === 'loading' ? <Loading label="Loading the records past retention…" /> : null}
        {list.status === 'error' ? (
          <Alert tone="error" title="We could not load the list">
            {list.message}
          </Alert>
        ) : null}
        {list.status === 'ready' && list.data.flagged.length === 0 && Object.keys(erased).length === 0 ? (
          <p className="muted">No record is past its retention period.</p>
        ) : null}
        {list.status === 'ready' && list.data.flagged.length > 0 ? (
          <ul className="item-list" aria-label="Records past retention">
            {list.data.flagged.map((flag) => (
              <RetentionItem
                key={`${flag.patientId}-${flag.category}`}
                flag={flag}
                erasedAt={erased[flag.patientId] ?? null}
                onErased={(at) => setErased((e) => ({ ...e, [flag.patientId]: at }))}
              />
            ))}
          </ul>
        ) : null}
      </section>
    </>
  )
}
