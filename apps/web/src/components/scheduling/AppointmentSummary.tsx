import type { AppointmentMode } from '@tessera/contracts'
import { formatWhen } from './time-words.ts'

export const MODE_WORDS: Record<AppointmentMode, string> = { video: 'Video call', phone: 'Phone call' }

export interface AppointmentSummaryProps {
  start: string
  typeName: string
  mode: AppointmentMode
  clinicianName: string
}

/** When (in the viewer's zone, named), what and with whom, as a description list. */
export function AppointmentSummary({ start, typeName, mode, clinicianName }: AppointmentSummaryProps) {
  return (
    <dl className="appointment-summary">
      <div>
        <dt>When</dt>
        <dd>{formatWhen(start)}</dd>
      </div>
      <div>
        <dt>What</dt>
        <dd>
          {typeName} ({MODE_WORDS[mode].toLowerCase()})
        </dd>
      </div>
      <div>
        <dt>With</dt>
        <dd>{clinicianName}</dd>
      </div>
    </dl>
  )
}
