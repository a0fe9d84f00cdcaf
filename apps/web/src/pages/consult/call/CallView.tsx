import type { ReactNode } from 'react'

export interface CallViewProps {
  appointmentId: string
  /** The caller's part: the clinician hosts (signs the roster), the patient joins once admitted. */
  role: 'host' | 'patient'
  /** Shown beside the video (the clinician's notes panel). */
  aside?: ReactNode
  /** After "End" (or the call ending from elsewhere): the page shows what comes next. */
  onEnded: () => void
}

/** PLACEHOLDER until the call engine lands: the E2EE video call (issue 9). */
export function CallView({ aside }: CallViewProps) {
  return (
    <section aria-label="Video call">
      <p>The video call is not built yet.</p>
      {aside}
    </section>
  )
}
