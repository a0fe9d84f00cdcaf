import type { PatientReadiness, ReadinessState } from '@tessera/contracts'

const TONE: Record<ReadinessState, string> = {
  done: 'badge badge--success',
  missing: 'badge badge--danger',
  unknown: 'badge',
}
const WORD: Record<ReadinessState, string> = { done: 'done', missing: 'missing', unknown: 'not known' }
const MARK: Record<ReadinessState, string> = { done: '✓', missing: '✗', unknown: '?' }

/** Consent, intake and documents for an appointment, each in words (the mark is decoration). */
export function ReadinessBadges({ readiness }: { readiness: PatientReadiness }) {
  const items: Array<[string, ReadinessState]> = [
    ['Consent', readiness.consent.state],
    ['Intake', readiness.intake.state],
    ['Documents', readiness.documents.state],
  ]
  return (
    <ul className="badge-list sched-readiness" aria-label="Readiness">
      {items.map(([label, state]) => (
        <li key={label} className={TONE[state]}>
          <span aria-hidden="true">{MARK[state]}&nbsp;</span>
          {`${label} ${WORD[state]}`}
        </li>
      ))}
    </ul>
  )
}
