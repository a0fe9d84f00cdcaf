import { Link } from 'wouter'

export interface NoConsultProps {
  host: boolean
  /** Why: nothing chosen in this tab, or the server does not know it for this person. */
  reason: 'none' | 'not-found'
}

/** No consultation to show: where to pick one. */
export function NoConsult({ host, reason }: NoConsultProps) {
  const where = host
    ? { href: '/clinician/today', label: 'Go to Today' }
    : { href: '/patient/appointments', label: 'Go to your appointments' }
  return (
    <section className="card" aria-labelledby="no-consult-title">
      <h2 id="no-consult-title" className="section-title">
        {reason === 'none' ? 'No consultation chosen' : 'We could not find this consultation'}
      </h2>
      <p>
        {reason === 'none'
          ? host
            ? 'Open a consultation from Today, where you also see who is waiting.'
            : 'Join a video appointment from your appointments list when it is time.'
          : 'It may have been cancelled or moved. Check your appointments for the current time.'}
      </p>
      <p>
        <Link href={where.href}>{where.label}</Link>
      </p>
    </section>
  )
}
