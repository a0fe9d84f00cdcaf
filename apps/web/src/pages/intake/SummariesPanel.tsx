import { useCallback } from 'react'
import { intakeApi } from '../../api/intake.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { useApiData } from '../../lib/use-api-data.ts'
import { IntakeSummaryCard } from './IntakeSummaryCard.tsx'

export interface SummariesPanelProps {
  patientId: string
}

/** The patient's submitted questionnaires, read-only, newest first, with scores and flags. */
export function SummariesPanel({ patientId }: SummariesPanelProps) {
  const load = useCallback((signal: AbortSignal) => intakeApi.summaries(patientId, signal), [patientId])
  const [summaries, reload] = useApiData(load)
  return (
    <section className="stack stack--tight" aria-labelledby="summaries-title">
      <h2 id="summaries-title" className="section-title">
        Intake answers
      </h2>
      {summaries.status === 'loading' ? <Loading label="Loading the answers…" /> : null}
      {summaries.status === 'error' ? (
        <>
          <Alert tone="error" title="We could not load the answers">
            {summaries.message}
          </Alert>
          <Button variant="secondary" onPress={reload}>
            Try again
          </Button>
        </>
      ) : null}
      {summaries.status === 'ready' && summaries.data.summaries.length === 0 ? (
        <p className="muted">Nothing submitted yet.</p>
      ) : null}
      {summaries.status === 'ready'
        ? summaries.data.summaries.map((summary) => (
            <IntakeSummaryCard key={summary.responseId} summary={summary} audience="care-team" />
          ))
        : null}
    </section>
  )
}
