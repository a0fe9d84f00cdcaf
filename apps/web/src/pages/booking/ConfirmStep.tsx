import type { AppointmentView, FreeSlot } from '@tessera/contracts'
import { useEffect, useState, type RefObject } from 'react'
import {
  readinessProblems,
  schedulingApi,
  takenAlternatives,
  type ReadinessProblem,
} from '../../api/scheduling.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { AppointmentSummary } from '../../components/scheduling/AppointmentSummary.tsx'
import { SlotList } from '../../components/scheduling/SlotList.tsx'
import { formatWhen } from '../../components/scheduling/time-words.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import type { KindChoice } from './ChooseKind.tsx'
import { ReadinessNeeds } from './ReadinessNeeds.tsx'

export interface ConfirmStepProps {
  slot: FreeSlot
  choice: KindChoice
  /** The appointment being moved, or null for a new booking. */
  moving: AppointmentView | null
  headingRef: RefObject<HTMLHeadingElement | null>
  onPick: (slot: FreeSlot) => void
  onBack: () => void
  onDone: (appointment: AppointmentView) => void
}

type Problem =
  | { kind: 'taken'; alternatives: FreeSlot[] }
  | { kind: 'readiness'; needs: ReadinessProblem[] }
  | { kind: 'other'; message: string }

/** The chosen time in full, one button to book (or move) it, and what to do if that fails. */
export function ConfirmStep({ slot, choice, moving, headingRef, onPick, onBack, onDone }: ConfirmStepProps) {
  const [pending, setPending] = useState(false)
  const [problem, setProblem] = useState<Problem | null>(null)

  // The book button goes away when the time was taken: focus the step's heading, not the page.
  useEffect(() => {
    if (problem?.kind === 'taken') headingRef.current?.focus()
  }, [problem, headingRef])

  const submit = async (): Promise<void> => {
    setPending(true)
    setProblem(null)
    try {
      const appointment = moving
        ? await schedulingApi.reschedule(moving.id, { start: slot.start, clinicianId: slot.clinicianId })
        : await schedulingApi.book({
            typeId: choice.typeId,
            clinicianId: slot.clinicianId,
            start: slot.start,
          })
      onDone(appointment)
    } catch (cause) {
      setPending(false)
      const starts = takenAlternatives(cause)
      const needs = readinessProblems(cause)
      const length = Date.parse(slot.end) - Date.parse(slot.start)
      if (starts)
        setProblem({
          kind: 'taken',
          alternatives: starts.map((start) => ({
            ...slot,
            start,
            end: new Date(Date.parse(start) + length).toISOString(),
          })),
        })
      else if (needs.length > 0) setProblem({ kind: 'readiness', needs })
      else setProblem({ kind: 'other', message: toSubmitErrors(cause).message })
    }
  }

  return (
    <section className="card booking" aria-labelledby="confirm-title">
      <h2 id="confirm-title" className="section-title" ref={headingRef} tabIndex={-1}>
        {moving ? 'Move your appointment?' : 'Book this appointment?'}
      </h2>
      {moving ? <p>From {formatWhen(moving.start)} to:</p> : null}
      <AppointmentSummary
        start={slot.start}
        typeName={choice.typeName}
        mode={choice.mode}
        clinicianName={slot.clinicianName}
      />
      <Alert tone="error" title={problem?.kind === 'taken' ? 'That time was just taken' : 'Not booked yet'}>
        {problem?.kind === 'taken'
          ? problem.alternatives.length > 0
            ? 'Someone booked it a moment ago. These are the next free times:'
            : 'Someone booked it a moment ago. Go back to choose another time.'
          : null}
        {problem?.kind === 'readiness' ? <ReadinessNeeds needs={problem.needs} /> : null}
        {problem?.kind === 'other' ? problem.message : null}
      </Alert>
      {problem?.kind === 'taken' && problem.alternatives.length > 0 ? (
        <SlotList
          slots={problem.alternatives}
          label="Next free times"
          showDay
          showClinician={false}
          onPick={(next) => {
            setProblem(null)
            onPick(next)
          }}
        />
      ) : null}
      <div className="button-row">
        {problem?.kind === 'taken' ? null : (
          <Button isPending={pending} onPress={() => void submit()}>
            {moving ? 'Move to this time' : 'Book this time'}
          </Button>
        )}
        <Button variant="quiet" isDisabled={pending} onPress={onBack}>
          Choose a different time
        </Button>
      </div>
    </section>
  )
}
