import { useMemo } from 'react'
import { Button } from '../Button.tsx'
import { SelectField } from '../SelectField.tsx'
import { NativeField } from './NativeField.tsx'
import { timeZoneNames } from './zoned-time.ts'

export type CalendarMode = 'day' | 'week'

export interface CalendarToolbarProps {
  mode: CalendarMode
  date: string
  timeZone: string
  onMode: (mode: CalendarMode) => void
  onDate: (date: string) => void
  onStep: (direction: -1 | 0 | 1) => void
  onTimeZone: (timeZone: string) => void
}

/** Day or week, which date, and the zone the times are shown in. */
export function CalendarToolbar({
  mode,
  date,
  timeZone,
  onMode,
  onDate,
  onStep,
  onTimeZone,
}: CalendarToolbarProps) {
  const zones = useMemo(
    () => timeZoneNames([timeZone]).map((z) => ({ value: z, label: z.replaceAll('_', ' ') })),
    [timeZone],
  )
  const unit = mode === 'day' ? 'day' : 'week'
  return (
    <div className="sched-toolbar">
      <div className="sched-toolbar__group" role="group" aria-label="View">
        <Button
          variant={mode === 'day' ? 'primary' : 'secondary'}
          aria-pressed={mode === 'day'}
          onPress={() => onMode('day')}
        >
          Day
        </Button>
        <Button
          variant={mode === 'week' ? 'primary' : 'secondary'}
          aria-pressed={mode === 'week'}
          onPress={() => onMode('week')}
        >
          Week
        </Button>
      </div>
      <div className="sched-toolbar__group" role="group" aria-label="Dates">
        <Button variant="secondary" onPress={() => onStep(-1)}>{`Previous ${unit}`}</Button>
        <Button variant="secondary" onPress={() => onStep(0)}>
          Today
        </Button>
        <Button variant="secondary" onPress={() => onStep(1)}>{`Next ${unit}`}</Button>
      </div>
      <NativeField
        type="date"
        label="Date"
        value={date}
        required
        onChange={(v) => (v ? onDate(v) : undefined)}
      />
      <SelectField label="Times in" name="timeZone" value={timeZone} options={zones} onChange={onTimeZone} />
    </div>
  )
}
