import type { FreeSlot } from '@tessera/contracts'
import { useCallback, useId, useState } from 'react'
import { schedulingStaffApi } from '../../api/scheduling-admin.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { Loading } from '../Loading.tsx'
import { LoadProblem } from './LoadProblem.tsx'
import { NativeField } from './NativeField.tsx'
import { formatDay, localDate, formatRange, zonedInstant } from './zoned-time.ts'

export interface SlotPickerProps {
  typeId: string
  /** One clinician's slots, or '' for anyone's (each slot then names its clinician). */
  clinicianId: string
  timeZone: string
  value: FreeSlot | null
  onChange: (slot: FreeSlot | null) => void
  /** Changing it loads the slots again (after a "just taken" answer). */
  generation: number
}

export const slotKey = (slot: FreeSlot): string => `${slot.start}|${slot.clinicianId}`

/** Free times from a chosen day on, grouped by day, as radio buttons. */
export function SlotPicker({ typeId, clinicianId, timeZone, value, onChange, generation }: SlotPickerProps) {
  const [fromDate, setFromDate] = useState(() => localDate(new Date(), timeZone))
  const name = useId()
  const load = useCallback(
    (signal: AbortSignal) => {
      const today = localDate(new Date(), timeZone)
      const from =
        fromDate && fromDate > today ? zonedInstant(fromDate, '00:00', timeZone).toISOString() : undefined
      return schedulingStaffApi.slots(
        { typeId, ...(clinicianId ? { clinicianId } : {}), ...(from ? { from } : {}), limit: 40 },
        signal,
      )
    },
    // generation is a reload trigger, not an input
    [typeId, clinicianId, timeZone, fromDate, generation],
  )
  const [slots, reload] = useApiData(load)

  const days = new Map<string, FreeSlot[]>()
  if (slots.status === 'ready')
    for (const slot of slots.data.slots) {
      const day = localDate(slot.start, timeZone)
      days.set(day, [...(days.get(day) ?? []), slot])
    }

  return (
    <div className="sched-slots">
      <NativeField
        type="date"
        label="Free times from"
        value={fromDate}
        onChange={(v) => {
          setFromDate(v)
          onChange(null)
        }}
      />
      {slots.status === 'loading' ? <Loading label="Finding free times…" /> : null}
      {slots.status === 'error' ? (
        <LoadProblem title="We could not load the free times" message={slots.message} onRetry={reload} />
      ) : null}
      {slots.status === 'ready' && days.size === 0 ? (
        <p className="muted">No free times from that day. Try another clinician or type.</p>
      ) : null}
      {days.size > 0 ? (
        <fieldset className="fieldset sched-slots__list">
          <legend className="field__label">{`Free times (${timeZone.replaceAll('_', ' ')})`}</legend>
          {[...days].map(([day, daySlots]) => (
            <div key={day} className="sched-slots__day" role="group" aria-label={formatDay(day)}>
              <p className="sched-slots__date" aria-hidden="true">
                {formatDay(day)}
              </p>
              <div className="sched-slots__options">
                {daySlots.map((slot) => {
                  const range = formatRange(slot.start, slot.end, timeZone)
                  return (
                    <label key={slotKey(slot)} className="sched-slot">
                      <input
                        type="radio"
                        name={name}
                        checked={value !== null && slotKey(value) === slotKey(slot)}
                        onChange={() => onChange(slot)}
                      />
                      <span>{clinicianId ? range : `${range}, ${slot.clinicianName}`}</span>
                    </label>
                  )
                })}
              </div>
            </div>
          ))}
        </fieldset>
      ) : null}
    </div>
  )
}
