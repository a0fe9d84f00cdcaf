import type { AppointmentView, BookableClinician, FreeSlot } from '@tessera/contracts'
import { useState } from 'react'
import { schedulingStaffApi } from '../../api/scheduling-admin.ts'
import { Button } from '../Button.tsx'
import { Dialog } from '../Dialog.tsx'
import { SelectField } from '../SelectField.tsx'
import { bookingProblem, type BookingProblem } from './appointment-errors.ts'
import { ProblemAlert } from './ProblemAlert.tsx'
import { SlotPicker } from './SlotPicker.tsx'
import { formatWhen } from './zoned-time.ts'

export interface RescheduleDialogProps {
  appointment: AppointmentView
  clinicians: readonly BookableClinician[]
  timeZone: string
  onClose: () => void
  onDone: (moved: AppointmentView) => void
}

/** Drag-free rescheduling: the free times for the same type (same or another clinician); pick one. */
export function RescheduleDialog({
  appointment,
  clinicians,
  timeZone,
  onClose,
  onDone,
}: RescheduleDialogProps) {
  const [clinicianId, setClinicianId] = useState(appointment.clinicianId)
  const [slot, setSlot] = useState<FreeSlot | null>(null)
  const [generation, setGeneration] = useState(0)
  const [pending, setPending] = useState(false)
  const [problem, setProblem] = useState<BookingProblem | null>(null)
  const who = appointment.patientName ?? 'the patient'

  const close = (): void => {
    if (!pending) onClose()
  }

  const move = async (): Promise<void> => {
    if (!slot) {
      setProblem({
        title: 'Choose a time',
        message: 'Choose one of the free times first.',
        items: [],
        taken: false,
      })
      return
    }
    setPending(true)
    setProblem(null)
    try {
      const body = {
        start: slot.start,
        ...(slot.clinicianId !== appointment.clinicianId ? { clinicianId: slot.clinicianId } : {}),
      }
      const moved = await schedulingStaffApi.reschedule(appointment.id, body)
      setPending(false)
      onDone(moved)
    } catch (error) {
      const next = bookingProblem(error, timeZone)
      setProblem(next)
      if (next.taken) {
        setSlot(null)
        setGeneration((n) => n + 1)
      }
      setPending(false)
    }
  }

  const options = clinicians.map((c) => ({ value: c.id, label: c.name }))
  if (!clinicians.some((c) => c.id === appointment.clinicianId))
    options.unshift({ value: appointment.clinicianId, label: appointment.clinicianName })

  return (
    <Dialog
      title={`Reschedule ${who}`}
      isOpen
      onOpenChange={(open) => (open ? undefined : close())}
      isDismissable={!pending}
    >
      <p>
        {`${appointment.type.name} with ${appointment.clinicianName}, now ${formatWhen(appointment.start, timeZone)}.`}
      </p>
      <ProblemAlert problem={problem} />
      <div className="form">
        <SelectField
          label="Clinician"
          name="clinician"
          value={clinicianId}
          options={options}
          onChange={(id) => {
            setClinicianId(id)
            setSlot(null)
          }}
        />
        <SlotPicker
          typeId={appointment.type.id}
          clinicianId={clinicianId}
          timeZone={timeZone}
          value={slot}
          onChange={setSlot}
          generation={generation}
        />
      </div>
      <div className="dialog__actions">
        <Button isPending={pending} onPress={() => void move()}>
          {slot ? `Move to ${formatWhen(slot.start, timeZone)}` : 'Move'}
        </Button>
        <Button variant="quiet" isDisabled={pending} onPress={close}>
          Keep the current time
        </Button>
      </div>
    </Dialog>
  )
}
