import type { FreeSlot } from '@tessera/contracts'
import { useCallback, useState } from 'react'
import { ToggleButton, ToggleButtonGroup, type Key } from 'react-aria-components'
import { schedulingApi } from '../../api/scheduling.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { SlotList } from '../../components/scheduling/SlotList.tsx'
import { addDays, dayKey, formatDay, formatShortDay } from '../../components/scheduling/time-words.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import type { KindChoice } from './ChooseKind.tsx'

export const WEEK = 7

export interface WeekDaysProps {
  /** Local midnight of the week's first day (the picker keys this by week). */
  weekStart: Date
  /** This week starts today: ask from now, not from midnight. */
  isFirstWeek: boolean
  lastDay: Date
  choice: KindChoice
  onPick: (slot: FreeSlot) => void
}

function countWords(count: number): string {
  return count === 0 ? 'no free times' : `${count} free ${count === 1 ? 'time' : 'times'}`
}

/**
 * One week's days as a radio group of day buttons (arrow keys move between them), each saying how
 * many free times it has; the chosen day's times below.
 */
export function WeekDays({ weekStart, isFirstWeek, lastDay, choice, onPick }: WeekDaysProps) {
  const [selected, setSelected] = useState<string | null>(null)
  const load = useCallback(
    (signal: AbortSignal) =>
      schedulingApi.slots(
        {
          typeId: choice.typeId,
          from: (isFirstWeek ? new Date() : weekStart).toISOString(),
          to: addDays(weekStart, WEEK).toISOString(),
          limit: 500,
          ...(choice.clinicianId ? { clinicianId: choice.clinicianId } : {}),
        },
        signal,
      ),
    [choice.typeId, choice.clinicianId, weekStart, isFirstWeek],
  )
  const [slots, reload] = useApiData(load)

  if (slots.status === 'loading') return <Loading label="Finding free times this week…" />
  if (slots.status === 'error')
    return (
      <>
        <Alert tone="error" title="We could not find free times">
          {slots.message}
        </Alert>
        <Button variant="secondary" onPress={reload}>
          Try again
        </Button>
      </>
    )

  const days = Array.from({ length: WEEK }, (_, i) => addDays(weekStart, i))
  const byDay = new Map<string, FreeSlot[]>()
  for (const slot of slots.data.slots) {
    const key = dayKey(slot.start)
    byDay.set(key, [...(byDay.get(key) ?? []), slot])
  }
  const chosenDay = days.find((d) => dayKey(d) === selected)
  const chosen = selected ? (byDay.get(selected) ?? []) : []
  const onSelection = (keys: Set<Key>): void => {
    const [first] = [...keys]
    setSelected(typeof first === 'string' ? first : null)
  }
  return (
    <>
      <ToggleButtonGroup
        className="day-list"
        aria-label="Days this week"
        selectionMode="single"
        selectedKeys={selected ? [selected] : []}
        onSelectionChange={onSelection}
      >
        {days.map((day) => {
          const key = dayKey(day)
          const count = byDay.get(key)?.length ?? 0
          return (
            <ToggleButton
              key={key}
              id={key}
              className="day-button"
              isDisabled={count === 0 || day > lastDay}
              aria-label={`${formatDay(day)}: ${countWords(count)}`}
            >
              <span className="day-button__day">{formatShortDay(day)}</span>
              <span className="day-button__count">{count === 0 ? 'None free' : `${count} free`}</span>
            </ToggleButton>
          )
        })}
      </ToggleButtonGroup>
      {chosenDay && chosen.length > 0 ? (
        <div className="day-picker__slots">
          <h4 className="day-picker__day-title">Free times on {formatDay(chosenDay)}</h4>
          <SlotList
            slots={chosen}
            label={`Free times on ${formatDay(chosenDay)}`}
            showDay={false}
            showClinician={choice.clinicianId === ''}
            onPick={onPick}
          />
        </div>
      ) : (
        <p className="muted">
          {byDay.size === 0 ? 'No free times this week.' : 'Choose a day to see its times.'}
        </p>
      )}
    </>
  )
}
