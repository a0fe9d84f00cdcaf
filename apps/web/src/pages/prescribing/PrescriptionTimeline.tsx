import type { TimelineStep } from '@tessera/contracts'
import { formatWhen } from '../../components/scheduling/time-words.ts'
import { TIMELINE_LABELS } from './prescription-words.ts'

const PLANNED: readonly TimelineStep['step'][] = ['signed', 'at-pharmacy', 'dispensed', 'shipped']

/**
 * The steps so far with their times, then the ones still to come (greyed). "Shipped" stands for
 * shipped or collected until one of them happens; a rejection ends the line.
 */
export function PrescriptionTimeline({ steps }: { steps: readonly TimelineStep[] }) {
  const done = new Set(steps.map((s) => s.step))
  const ended = done.has('rejected') || done.has('shipped') || done.has('collected')
  const upcoming = ended ? [] : PLANNED.filter((s) => !done.has(s))
  return (
    <ol className="rx-timeline" aria-label="Progress">
      {steps.map((s) => (
        <li key={s.step} className="rx-timeline__step rx-timeline__step--done">
          <span className="rx-timeline__label">{TIMELINE_LABELS[s.step]}</span>
          <span className="rx-timeline__time">{formatWhen(s.at)}</span>
        </li>
      ))}
      {upcoming.map((s) => (
        <li key={s} className="rx-timeline__step">
          <span className="rx-timeline__label">
            {s === 'shipped' ? 'Shipped or collected' : TIMELINE_LABELS[s]}
          </span>
          <span className="rx-timeline__time">Not yet</span>
        </li>
      ))}
    </ol>
  )
}
