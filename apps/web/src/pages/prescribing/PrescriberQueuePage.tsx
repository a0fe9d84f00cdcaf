import { useCallback } from 'react'
import { prescribingApi } from '../../api/prescribing.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { PrescriptionItem } from './PrescriptionItem.tsx'
import { RepeatRequestItem } from './RepeatRequestItem.tsx'
import '../../styles/prescribing.css'

export interface PrescriberQueuePageProps {
  area: Area
}

/** The prescriber's queue: repeat and review requests to decide, prescriptions a pharmacy returned. */
export function PrescriberQueuePage({ area }: PrescriberQueuePageProps) {
  const load = useCallback((signal: AbortSignal) => prescribingApi.queue(signal), [])
  const [queue, reload] = useApiData(load)
  return (
    <>
      <PageHeader title="Queues" titleContext={area.label}>
        <p>Repeat requests from your patients, and prescriptions a pharmacy sent back.</p>
      </PageHeader>
      {queue.status === 'loading' ? <Loading label="Loading your queue…" /> : null}
      {queue.status === 'error' ? (
        <div className="stack">
          <Alert tone="error">{queue.message}</Alert>
          <div className="button-row">
            <Button variant="secondary" onPress={reload}>
              Try again
            </Button>
          </div>
        </div>
      ) : null}
      {queue.status === 'ready' ? (
        <div className="rx-sections">
          <section className="card" aria-labelledby="rx-requests-title">
            <h2 id="rx-requests-title" className="section-title">
              Repeat requests
            </h2>
            {queue.data.requests.length === 0 ? (
              <p className="muted">No requests waiting.</p>
            ) : (
              <ul className="item-list" aria-labelledby="rx-requests-title">
                {queue.data.requests.map((r) => (
                  <RepeatRequestItem key={r.id} request={r} onDecided={reload} />
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="rx-returned-title">
            <h2 id="rx-returned-title" className="section-title">
              Returned by a pharmacy
            </h2>
            {queue.data.returned.length === 0 ? (
              <p className="muted">Nothing returned in the last 90 days.</p>
            ) : (
              <ul className="item-list" aria-labelledby="rx-returned-title">
                {queue.data.returned.map((p) => (
                  <PrescriptionItem key={p.id} prescription={p} showPatient />
                ))}
              </ul>
            )}
          </section>
        </div>
      ) : null}
    </>
  )
}
