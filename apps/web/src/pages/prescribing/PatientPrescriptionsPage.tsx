import type { PrescriptionList, RepeatRequestList } from '@tessera/contracts'
import { useCallback } from 'react'
import { myPrescriptionsApi } from '../../api/prescribing.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { MyPrescriptionCard } from './MyPrescriptionCard.tsx'
import '../../styles/prescribing.css'

export interface PatientPrescriptionsPageProps {
  area: Area
}

interface Mine {
  prescriptions: PrescriptionList['prescriptions']
  requests: RepeatRequestList['requests']
}

const loadMine = async (signal: AbortSignal): Promise<Mine> => {
  const [p, r] = await Promise.all([myPrescriptionsApi.list(signal), myPrescriptionsApi.requests(signal)])
  return { prescriptions: p.prescriptions, requests: r.requests }
}

/** JOURNEYS.md patient step 8: each prescription's journey, and a repeat (or a review) in two taps. */
export function PatientPrescriptionsPage({ area }: PatientPrescriptionsPageProps) {
  const [mine, reload] = useApiData(useCallback(loadMine, []))
  return (
    <>
      <PageHeader title="Prescriptions" titleContext={area.label}>
        <p>Follow each prescription from your clinician to the pharmacy and to you, and ask for a repeat.</p>
      </PageHeader>
      {mine.status === 'loading' ? <Loading label="Loading your prescriptions…" /> : null}
      {mine.status === 'error' ? (
        <div className="stack">
          <Alert tone="error">{mine.message}</Alert>
          <div className="button-row">
            <Button variant="secondary" onPress={reload}>
              Try again
            </Button>
          </div>
        </div>
      ) : null}
      {mine.status === 'ready' && mine.data.prescriptions.length === 0 ? (
        <EmptyState title="No prescriptions yet">
          <p>When your clinician signs a prescription for you, it appears here.</p>
        </EmptyState>
      ) : null}
      {mine.status === 'ready' && mine.data.prescriptions.length > 0 ? (
        <ul className="rx-cards" aria-label="Your prescriptions">
          {mine.data.prescriptions.map((p) => (
            <MyPrescriptionCard
              key={p.id}
              prescription={p}
              requests={mine.data.requests.filter((r) => r.prescriptionId === p.id)}
              onRequested={reload}
            />
          ))}
        </ul>
      ) : null}
    </>
  )
}
