import type { AvailabilityException, AvailabilityRule } from '@tessera/contracts'
import { useId, useState } from 'react'
import { Button } from '../Button.tsx'
import { minutesOf } from './availability-draft.ts'
import {
  addDays,
  formatDay,
  formatShortDay,
  localDate,
  localTime,
  mondayOf,
  zonedInstant,
} from './zoned-time.ts'

export interface WeekPreviewProps {
  rules: readonly AvailabilityRule[]
  exceptions: readonly AvailabilityException[]
  timeZone: string
}

interface Block {
  day: number
  from: number
  to: number
  kind: 'rule' | 'leave' | 'extra'
}

const COL = 100
const HEAD = 28
const GUTTER = 44
const HOUR = 24

/** The parts of each exception that fall on each day of the week, in the clinician's zone. */
function exceptionBlocks(
  exceptions: readonly AvailabilityException[],
  monday: string,
  timeZone: string,
): Block[] {
  const blocks: Block[] = []
  for (let day = 0; day < 7; day++) {
    const date = addDays(monday, day)
    const dayStart = zonedInstant(date, '00:00', timeZone).getTime()
    const dayEnd = zonedInstant(addDays(date, 1), '00:00', timeZone).getTime()
    for (const exception of exceptions) {
      const start = Math.max(Date.parse(exception.startsAt), dayStart)
      const end = Math.min(Date.parse(exception.endsAt), dayEnd)
      if (end <= start) continue
      const from = minutesOf(localTime(new Date(start), timeZone))
      const to = end === dayEnd ? 1440 : minutesOf(localTime(new Date(end), timeZone))
      blocks.push({ day, from, to, kind: exception.kind === 'unavailable' ? 'leave' : 'extra' })
    }
  }
  return blocks
}

/** A week calendar of the weekly hours with that week's leave and extra sessions drawn over them. */
export function WeekPreview({ rules, exceptions, timeZone }: WeekPreviewProps) {
  const titleId = useId()
  const [monday, setMonday] = useState(() => mondayOf(localDate(new Date(), timeZone)))
  const blocks: Block[] = [
    ...rules.map((r) => ({
      day: r.weekday - 1,
      from: minutesOf(r.start),
      to: minutesOf(r.end),
      kind: 'rule' as const,
    })),
    ...exceptionBlocks(exceptions, monday, timeZone),
  ].filter((b) => b.to > b.from)
  const first = Math.min(7, ...blocks.map((b) => Math.floor(b.from / 60)))
  const last = Math.max(19, ...blocks.map((b) => Math.ceil(b.to / 60)))
  const y = (minutes: number): number => HEAD + ((minutes - first * 60) / 60) * HOUR
  const height = y(last * 60) + 12
  const hours = Array.from({ length: last - first + 1 }, (_, i) => first + i)
  const leaveDays = new Set(blocks.filter((b) => b.kind === 'leave').map((b) => b.day)).size

  return (
    <div className="sched-preview">
      <div className="sched-preview__nav">
        <Button variant="quiet" onPress={() => setMonday(addDays(monday, -7))}>
          Previous week
        </Button>
        <p className="sched-preview__week" aria-live="polite">{`Week of ${formatDay(monday)}`}</p>
        <Button variant="quiet" onPress={() => setMonday(addDays(monday, 7))}>
          Next week
        </Button>
      </div>
      <svg
        className="sched-preview__svg"
        viewBox={`0 0 ${GUTTER + 7 * COL} ${height}`}
        role="img"
        aria-labelledby={titleId}
      >
        <title id={titleId}>
          {`Week of ${formatDay(monday)}: ${rules.length} weekly time ranges; leave on ${leaveDays} day${leaveDays === 1 ? '' : 's'}.`}
        </title>
        {hours.map((h) => (
          <g key={h}>
            <line
              className="sched-preview__grid"
              x1={GUTTER}
              x2={GUTTER + 7 * COL}
              y1={y(h * 60)}
              y2={y(h * 60)}
            />
            <text className="sched-preview__hour" x={GUTTER - 6} y={y(h * 60) + 4}>
              {`${String(h).padStart(2, '0')}:00`}
            </text>
          </g>
        ))}
        {Array.from({ length: 7 }, (_, day) => (
          <text key={day} className="sched-preview__day" x={GUTTER + day * COL + COL / 2} y={18}>
            {formatShortDay(addDays(monday, day))}
          </text>
        ))}
        {blocks.map((b, i) => (
          <rect
            key={i}
            className={`sched-preview__block sched-preview__block--${b.kind}`}
            x={GUTTER + b.day * COL + (b.kind === 'rule' ? 4 : 10)}
            width={COL - (b.kind === 'rule' ? 8 : 20)}
            y={y(b.from)}
            height={Math.max(2, y(b.to) - y(b.from))}
            rx={4}
          />
        ))}
      </svg>
      <ul className="sched-preview__key" aria-label="Key">
        <li>
          <span className="sched-preview__swatch sched-preview__swatch--rule" aria-hidden="true" /> Weekly
          hours
        </li>
        <li>
          <span className="sched-preview__swatch sched-preview__swatch--leave" aria-hidden="true" /> Leave
        </li>
        <li>
          <span className="sched-preview__swatch sched-preview__swatch--extra" aria-hidden="true" /> Extra
          session
        </li>
      </ul>
    </div>
  )
}
