import type { FreeSlot } from '@tessera/contracts'
import { Button } from '../Button.tsx'
import { formatClock, formatDay } from './time-words.ts'

export interface SlotListProps {
  slots: readonly FreeSlot[]
  /** Names the list for screen readers, e.g. "Soonest free times". */
  label: string
  /** Show the day on each button (the soonest list spans days; a day's list does not). */
  showDay: boolean
  /** Show whose time it is (when the patient chose "any clinician"). */
  showClinician: boolean
  onPick: (slot: FreeSlot) => void
}

/** Free times as big buttons: one press picks the time (the next step confirms it). */
export function SlotList({ slots, label, showDay, showClinician, onPick }: SlotListProps) {
  return (
    <ul className={showDay ? 'slot-list slot-list--wide' : 'slot-list'} aria-label={label}>
      {slots.map((slot) => (
        <li key={`${slot.clinicianId}-${slot.start}`}>
          <Button variant="secondary" className="slot-button" onPress={() => onPick(slot)}>
            {showDay ? <span className="slot-button__day">{formatDay(slot.start)}</span> : null}
            <span className="slot-button__time">{formatClock(slot.start)}</span>
            {showClinician ? <span className="slot-button__who">with {slot.clinicianName}</span> : null}
          </Button>
        </li>
      ))}
    </ul>
  )
}
