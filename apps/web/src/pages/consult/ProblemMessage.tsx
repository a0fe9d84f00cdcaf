import { Link } from 'wouter'
import { Alert } from '../../components/Alert.tsx'
import { formatWhen } from '../../components/scheduling/time-words.ts'
import type { ReadinessNeed } from '../../api/scheduling.ts'
import type { ConsultProblem } from './consult-problems.ts'

const WHERE: Record<ReadinessNeed, { href: string; label: string }> = {
  consent: { href: '/patient/consents', label: 'Go to Consents' },
  intake: { href: '/patient/questionnaires', label: 'Go to Questionnaires' },
  documents: { href: '/patient/documents', label: 'Go to Documents' },
}

export interface ProblemMessageProps {
  problem: ConsultProblem | null
}

/** Why the patient cannot go in (yet), in words, with the way forward. */
export function ProblemMessage({ problem }: ProblemMessageProps) {
  if (!problem) return <Alert tone="error" />
  switch (problem.kind) {
    case 'too-early':
      return (
        <Alert tone="info" title="It is a little early">
          <p>
            You can join from <strong>{formatWhen(problem.joinFrom)}</strong>. Keep this page open or come
            back then; your device check stays done.
          </p>
        </Alert>
      )
    case 'too-late':
      return (
        <Alert tone="error" title="This consultation has ended">
          <p>
            It is too late to join. To see the clinician,{' '}
            <Link href="/patient/appointments">book a new appointment</Link> or send a message to the clinic.
          </p>
        </Alert>
      )
    case 'not-ready':
      return (
        <Alert tone="error" title="Before you can join">
          <p>{problem.message}</p>
          <ul className="consult-needs">
            {problem.needs.map((need) => (
              <li key={need.need}>
                {need.message} <Link href={WHERE[need.need].href}>{WHERE[need.need].label}</Link>
              </li>
            ))}
          </ul>
        </Alert>
      )
    case 'not-found':
      return (
        <Alert tone="error" title="We could not find this consultation">
          <p>
            It may have been cancelled or moved.{' '}
            <Link href="/patient/appointments">Check your appointments</Link>.
          </p>
        </Alert>
      )
    case 'other':
      return (
        <Alert tone="error" title="We could not check you in">
          {problem.message}
        </Alert>
      )
    default:
      return problem satisfies never
  }
}
