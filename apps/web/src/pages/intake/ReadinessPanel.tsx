import type { PatientReadiness, ReadinessState } from '@tessera/contracts'
import { useCallback } from 'react'
import { intakeApi } from '../../api/intake.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { useApiData } from '../../lib/use-api-data.ts'
import { DOCUMENT_STATUS_WORDS } from './intake-words.ts'
import { ReadinessMark } from '../../components/ReadinessMark.tsx'

export interface ReadinessPanelProps {
  patientId: string
}

const FORM_STATUS = {
  'not-started': 'not started',
  'in-progress': 'in progress',
  submitted: 'submitted',
} as const

function intakeDetail(readiness: PatientReadiness): string {
  const open = readiness.intake.forms.filter((f) => f.status !== 'submitted')
  if (readiness.intake.forms.length === 0) return 'No questionnaires are required.'
  if (open.length === 0) return 'Every questionnaire is submitted.'
  return open.map((f) => `${f.title}: ${FORM_STATUS[f.status]}`).join('; ')
}

function documentsDetail(readiness: PatientReadiness): string {
  const items = readiness.documents.items
  if (items.length === 0) return 'No documents are required.'
  if (readiness.documents.state === 'done') return `${items.map((i) => i.label).join(' and ')} verified.`
  return items.map((i) => `${i.label}: ${DOCUMENT_STATUS_WORDS[i.status]}`).join('; ')
}

/** Ready for an appointment? Consent, intake, documents: each a tick or what is missing. */
export function ReadinessPanel({ patientId }: ReadinessPanelProps) {
  const load = useCallback((signal: AbortSignal) => intakeApi.readiness(patientId, signal), [patientId])
  const [readiness, reload] = useApiData(load)
  const rows = (r: PatientReadiness): Array<[string, string, ReadinessState, string]> => [
    ['consent', 'Consent given', r.consent.state, r.consent.detail],
    ['intake', 'Intake complete', r.intake.state, intakeDetail(r)],
    ['documents', 'Documents verified', r.documents.state, documentsDetail(r)],
  ]
  return (
    <section className="card" aria-labelledby="readiness-title">
      <h2 id="readiness-title" className="section-title">
        Ready for an appointment?
      </h2>
      {readiness.status === 'loading' ? <Loading label="Checking readiness…" /> : null}
      {readiness.status === 'error' ? (
        <>
          <Alert tone="error" title="We could not check readiness">
            {readiness.message}
          </Alert>
          <Button variant="secondary" onPress={reload}>
            Try again
          </Button>
        </>
      ) : null}
      {readiness.status === 'ready' ? (
        <>
          <p
            className={
              readiness.data.ready ? 'readiness-verdict readiness-verdict--ready' : 'readiness-verdict'
            }
          >
            {readiness.data.ready
              ? 'Ready: nothing is missing.'
              : 'Not ready yet: see what is missing below.'}
          </p>
          <ul className="readiness-list">
            {rows(readiness.data).map(([key, label, state, detail]) => (
              <li key={key} className={`readiness-item readiness-item--${state}`}>
                <ReadinessMark state={state} />
                <div>
                  <p className="readiness-item__label">
                    {label}: <span className="readiness-item__state">{STATE_WORDS[state]}</span>
                  </p>
                  <p className="readiness-item__detail">{detail}</p>
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

const STATE_WORDS: Record<ReadinessState, string> = { done: 'yes', missing: 'no', unknown: 'not known' }
