import type { PatientReadiness, ReadinessState } from '@tessera/contracts'
import { ReadinessMark } from '../../components/ReadinessMark.tsx'

export interface ReadinessTicksProps {
  readiness: PatientReadiness
}

function consentLine(readiness: PatientReadiness): string {
  const { state, detail } = readiness.consent
  if (state === 'done') return 'Consent given'
  return state === 'unknown' ? 'Consent: not known' : `Consent missing: ${detail}`
}

function intakeLine(readiness: PatientReadiness): string {
  const { state, forms } = readiness.intake
  if (state === 'done') return 'Intake complete'
  if (state === 'unknown') return 'Intake: not known'
  const open = forms.filter((f) => f.status !== 'submitted').map((f) => f.title)
  return open.length > 0 ? `Intake not complete: ${open.join(', ')}` : 'Intake not complete'
}

function documentsLine(readiness: PatientReadiness): string {
  const { state, items } = readiness.documents
  if (state === 'done') return 'Documents verified'
  if (state === 'unknown') return 'Documents: not known'
  const open = items.filter((i) => i.status !== 'verified').map((i) => i.label)
  return open.length > 0 ? `Documents not verified: ${open.join(', ')}` : 'Documents not verified'
}

/** Consent, intake and documents: each a tick and its words, or what is missing (never colour alone). */
export function ReadinessTicks({ readiness }: ReadinessTicksProps) {
  const rows: Array<[string, ReadinessState, string]> = [
    ['consent', readiness.consent.state, consentLine(readiness)],
    ['intake', readiness.intake.state, intakeLine(readiness)],
    ['documents', readiness.documents.state, documentsLine(readiness)],
  ]
  return (
    <ul className="ready-ticks" aria-label="Readiness">
      {rows.map(([key, state, line]) => (
        <li key={key} className={`ready-ticks__item ready-ticks__item--${state}`}>
          <ReadinessMark state={state} block="ready-tick" />
          <span>{line}</span>
        </li>
      ))}
    </ul>
  )
}
