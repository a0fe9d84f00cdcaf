import type { FreeSlot } from '@tessera/contracts'
import { useMemo, useState } from 'react'
import { Button } from '../../components/Button.tsx'
import { addDays, formatShortDay, startOfDay } from '../../components/scheduling/time-words.ts'
import type { KindChoice } from './ChooseKind.tsx'
import { WeekDays, WEEK } from './WeekDays.tsx'

/** The server answers at most 62 days a query; the page also stops at the type's horizon. */
const DEFAULT_HORIZON = 62

export interface DayPickerProps {
  id: string
  choice: KindChoice
  onPick: (slot: FreeSlot) => void
}

/** A week of days at a time, with earlier and later weeks up to the booking horizon. */
export function DayPicker({ id, choice, onPick }: DayPickerProps) {
  const today = useMemo(() => startOfDay(new Date()), [])
  const lastDay = addDays(today, Math.min(choice.horizonDays ?? DEFAULT_HORIZON, DEFAULT_HORIZON))
  const [weekStart, setWeekStart] = useState(today)
  const weekEnd = addDays(weekStart, WEEK - 1)
  return (
    <div className="day-picker" id={id}>
      <h3 className="subsection-title">Another day</h3>
      <div className="day-picker__weeks">
        <Button
          variant="secondary"
          isDisabled={weekStart <= today}
          onPress={() => setWeekStart(addDays(weekStart, -WEEK))}
        >
          Earlier week
        </Button>
        <p className="day-picker__range" aria-live="polite">
          {formatShortDay(weekStart)} to {formatShortDay(weekEnd)}
        </p>
        <Button
          variant="secondary"
          isDisabled={addDays(weekStart, WEEK) >= lastDay}
          onPress={() => setWeekStart(addDays(weekStart, WEEK))}
        >
          Later week
        </Button>
      </div>
      <WeekDays
        key={weekStart.toISOString()}
        weekStart={weekStart}
        isFirstWeek={weekStart.getTime() === today.getTime()}
        lastDay={lastDay}
        choice={choice}
        onPick={onPick}
      />
    </div>
  )
}
