import { Link } from 'wouter'
import type { ReadinessNeed, ReadinessProblem } from '../../api/scheduling.ts'

const WHERE: Record<ReadinessNeed, { href: string; label: string }> = {
  consent: { href: '/patient/consents', label: 'Go to Consents' },
  intake: { href: '/patient/questionnaires', label: 'Go to Questionnaires' },
  documents: { href: '/patient/documents', label: 'Go to Documents' },
}

export interface ReadinessNeedsProps {
  needs: readonly ReadinessProblem[]
}

/** What the clinic needs before booking, each with a link to the place to do it. */
export function ReadinessNeeds({ needs }: ReadinessNeedsProps) {
  return (
    <>
      <p>The clinic needs a few things from you before you can book:</p>
      <ul className="readiness-needs">
        {needs.map((need) => (
          <li key={need.need}>
            {need.message} <Link href={WHERE[need.need].href}>{WHERE[need.need].label}</Link>
          </li>
        ))}
      </ul>
    </>
  )
}
