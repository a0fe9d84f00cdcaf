import type { AppointmentView, FreeSlot } from '@tessera/contracts'
import { useEffect, useRef, useState } from 'react'
import { Button } from '../../components/Button.tsx'
import { zoneLabel } from '../../components/scheduling/time-words.ts'
import { BookedStep } from './BookedStep.tsx'
import { ChooseKind, type KindChoice } from './ChooseKind.tsx'
import { ConfirmStep } from './ConfirmStep.tsx'
import { DayPicker } from './DayPicker.tsx'
import { NextSlots } from './NextSlots.tsx'

export type BookingMode = { kind: 'book' } | { kind: 'reschedule'; appointment: AppointmentView }

export interface BookingFlowProps {
  mode: BookingMode
  /** Back to the list; `changed` when something was booked or moved (the list reloads). */
  onClose: (changed: boolean) => void
}

type Step =
  { kind: 'times' } | { kind: 'confirm'; slot: FreeSlot } | { kind: 'done'; appointment: AppointmentView }

/**
 * Book (or move) an appointment: what and with whom, then the soonest free times first, then any
 * day; confirm; done (with the calendar file). One step at a time, focus on each step's heading.
 */
export function BookingFlow({ mode, onClose }: BookingFlowProps) {
  const moving = mode.kind === 'reschedule' ? mode.appointment : null
  const [choice, setChoice] = useState<KindChoice | null>(
    moving
      ? {
          typeId: moving.type.id,
          typeName: moving.type.name,
          mode: moving.type.mode,
          clinicianId: moving.clinicianId,
          horizonDays: null,
        }
      : null,
  )
  const [step, setStep] = useState<Step>({ kind: 'times' })
  const [otherDay, setOtherDay] = useState(false)
  const heading = useRef<HTMLHeadingElement>(null)
  const firstRender = useRef(true)

  // Each step's heading takes focus (not on first render: the page's own heading has it).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    heading.current?.focus()
  }, [step.kind])

  if (step.kind === 'done')
    return (
      <BookedStep
        appointment={step.appointment}
        moved={moving !== null}
        headingRef={heading}
        onClose={() => onClose(true)}
      />
    )

  if (step.kind === 'confirm' && choice)
    return (
      <ConfirmStep
        slot={step.slot}
        choice={choice}
        moving={moving}
        headingRef={heading}
        onPick={(slot) => setStep({ kind: 'confirm', slot })}
        onBack={() => setStep({ kind: 'times' })}
        onDone={(appointment) => setStep({ kind: 'done', appointment })}
      />
    )

  const searchKey = choice ? `${choice.typeId}|${choice.clinicianId}` : ''
  return (
    <section className="card booking" aria-labelledby="booking-title">
      <h2 id="booking-title" className="section-title" ref={heading} tabIndex={-1}>
        {moving ? 'Choose a new time' : 'Book an appointment'}
      </h2>
      {moving ? null : <ChooseKind value={choice} onChange={setChoice} />}
      {choice ? (
        <div className="booking__times">
          <p className="muted">Times are shown in {zoneLabel()}, your device&apos;s time zone.</p>
          <NextSlots
            key={`next-${searchKey}`}
            choice={choice}
            onPick={(slot) => setStep({ kind: 'confirm', slot })}
          />
          <Button
            variant="secondary"
            aria-expanded={otherDay}
            {...(otherDay ? { 'aria-controls': 'booking-other-day' } : {})}
            onPress={() => setOtherDay((open) => !open)}
          >
            {otherDay ? 'Hide the other days' : 'Choose another day'}
          </Button>
          {otherDay ? (
            <DayPicker
              key={`day-${searchKey}`}
              id="booking-other-day"
              choice={choice}
              onPick={(slot) => setStep({ kind: 'confirm', slot })}
            />
          ) : null}
        </div>
      ) : null}
      <div className="button-row">
        <Button variant="quiet" onPress={() => onClose(false)}>
          {moving ? 'Keep the current time' : 'Back to your appointments'}
        </Button>
      </div>
    </section>
  )
}
