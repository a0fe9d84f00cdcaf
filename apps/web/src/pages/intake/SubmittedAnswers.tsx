import { useCallback } from 'react'
import { intakeApi, type OpenForm } from '../../api/intake.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useApiData } from '../../lib/use-api-data.ts'
import { IntakeSummaryCard } from './IntakeSummaryCard.tsx'

export interface SubmittedAnswersProps {
  patientId: string
  areaLabel: string
  open: OpenForm
  onBack: () => void
}

/** The patient reads back a form they sent (read-only: submitted answers do not change). */
export function SubmittedAnswers({ patientId, areaLabel, open, onBack }: SubmittedAnswersProps) {
  const load = useCallback((signal: AbortSignal) => intakeApi.summaries(patientId, signal), [patientId])
  const [summaries, reload] = useApiData(load)
  const summary =
    summaries.status === 'ready'
      ? summaries.data.summaries.find((s) => s.responseId === open.responseId)
      : undefined
  return (
    <>
      <PageHeader title="Your answers" titleContext={areaLabel}>
        <p>You sent these answers to the clinic. To change something, tell your care team.</p>
      </PageHeader>
      <div className="stack">
        {summaries.status === 'loading' ? <Loading label="Loading your answers…" /> : null}
        {summaries.status === 'error' ? (
          <>
            <Alert tone="error" title="We could not load your answers">
              {summaries.message}
            </Alert>
            <Button variant="secondary" onPress={reload}>
              Try again
            </Button>
          </>
        ) : null}
        {summary ? <IntakeSummaryCard summary={summary} audience="patient" level={2} /> : null}
        <div>
          <Button variant="secondary" onPress={onBack}>
            Back to your questionnaires
          </Button>
        </div>
      </div>
    </>
  )
}
