import type { PatientConsentItem } from '@tessera/contracts'
import { Link } from 'wouter'
import { consentApi } from '../../api/consent.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import './consent.css'

export interface ConsentPromptProps {
  /** Where the consents page is, e.g. /patient/consents. */
  consentsHref: string
}

function reason(item: PatientConsentItem): string {
  const needed = item.requiredBefore === 'consultation' ? ' Needed before your video consultations.' : ''
  if (item.state.status === 'given') return `Updated since you agreed.${needed}`
  if (item.state.status === 'withdrawn')
    return 'You withdrew it. You cannot join video consultations until you agree again.'
  if (item.state.status === 'declined') return 'You said no.'
  return `Not answered yet.${needed}`
}

/**
 * The home page's call to action: texts waiting for an answer (new, or a new version of one the
 * patient agreed to), and required ones the patient withdrew. Shows nothing when all is in place.
 */
export function ConsentPrompt({ consentsHref }: ConsentPromptProps) {
  const [data] = useApiData(consentApi.mine)
  if (data.status !== 'ready') return null
  const shown = data.data.items.filter(
    (i) => i.needsAnswer || (i.text !== null && i.requiredBefore !== null && i.state.status === 'withdrawn'),
  )
  if (shown.length === 0) return null
  const required = shown.some((i) => i.requiredBefore !== null)
  return (
    <section className="card consent-prompt" aria-labelledby="consent-prompt-title">
      <h2 id="consent-prompt-title" className="section-title">
        {required ? 'Please review before your consultation' : 'Please review'}
      </h2>
      <ul className="consent-prompt__list">
        {shown.map((item) => (
          <li key={item.kind}>
            <span className="consent-prompt__label">{item.label}</span> {reason(item)}
          </li>
        ))}
      </ul>
      <Link href={consentsHref} className="button button--primary consent-button-link">
        Review consents
      </Link>
    </section>
  )
}
