import { useEffect, useRef, type ReactNode } from 'react'
import { Link } from 'wouter'

export interface ConsultEndedProps {
  host: boolean
  /** The host's notes panel: the note is signed after the call (JOURNEYS.md, clinician step 4). */
  notes?: ReactNode
}

/** After the call: what happened and where to go next. */
export function ConsultEnded({ host, notes }: ConsultEndedProps) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  return (
    <section className="card consult-ended" aria-labelledby="consult-ended-title">
      <h2 id="consult-ended-title" className="section-title" ref={heading} tabIndex={-1}>
        The consultation has ended
      </h2>
      {host ? (
        <>
          <p>
            The call is closed. Your note stays in the patient&apos;s record: sign it here when it is
            complete.
          </p>
          {notes}
          <p>
            <Link href="/clinician/today" className="button button--primary">
              Back to Today
            </Link>
          </p>
        </>
      ) : (
        <>
          <p>
            Thank you. If the clinician prescribed something or asked you to do anything, you will find it in
            Tessera.
          </p>
          <p>
            <Link href="/patient/appointments" className="button button--primary">
              Back to your appointments
            </Link>
          </p>
        </>
      )}
    </section>
  )
}
