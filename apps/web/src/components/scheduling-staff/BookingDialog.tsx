import type { AppointmentView, BookableClinician, FreeSlot } from '@tessera/contracts'
import { useState } from 'react'
import { patientsApi } from '../../api/patients.ts'
import { schedulingStaffApi } from '../../api/scheduling-admin.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { Button } from '../Button.tsx'
import { Dialog } from '../Dialog.tsx'
import { Loading } from '../Loading.tsx'
import { PatientPicker } from '../PatientPicker.tsx'
import { SelectField } from '../SelectField.tsx'
import { bookingProblem, type BookingProblem } from './appointment-errors.ts'
import { LoadProblem } from './LoadProblem.tsx'
import { ProblemAlert } from './ProblemAlert.tsx'
import { SlotPicker } from './SlotPicker.tsx'
import { MODE_LABELS } from './type-words.ts'
import { formatDay, formatRange, localDate } from './zoned-time.ts'

export interface BookingDialogProps {
  clinicians: readonly BookableClinician[]
  timeZone: string
  onClose: () => void
  onBooked: (appointment: AppointmentView) => void
}

/** Reception books for a patient: patient, type, clinician (or anyone), a free time, then confirm. */
export function BookingDialog({ clinicians, timeZone, onClose, onBooked }: BookingDialogProps) {
  const [types, reloadTypes] = useApiData(schedulingStaffApi.types)
  const [patients] = useApiData(patientsApi.list)
  const [patientId, setPatientId] = useState('')
  const [typeId, setTypeId] = useState('')
  const [clinicianId, setClinicianId] = useState('')
  const [slot, setSlot] = useState<FreeSlot | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [generation, setGeneration] = useState(0)
  const [pending, setPending] = useState(false)
  const [problem, setProblem] = useState<BookingProblem | null>(null)

  const bookable = types.status === 'ready' ? types.data.types.filter((t) => t.active) : []
  const type = bookable.find((t) => t.id === typeId)
  const patient =
    patients.status === 'ready' ? patients.data.patients.find((p) => p.id === patientId) : undefined
  const close = (): void => {
    if (!pending) onClose()
  }

  const book = async (): Promise<void> => {
    if (!slot || !type || !patientId) return
    setPending(true)
    setProblem(null)
    try {
      const booked = await schedulingStaffApi.book({
        typeId: type.id,
        clinicianId: slot.clinicianId,
        start: slot.start,
        patientId,
      })
      setPending(false)
      onBooked(booked)
    } catch (error) {
      const next = bookingProblem(error, timeZone)
      setProblem(next)
      setConfirming(false)
      if (next.taken) {
        setSlot(null)
        setGeneration((n) => n + 1)
      }
      setPending(false)
    }
  }

  const summary =
    slot && type
      ? `${patient?.displayName ?? 'The patient'}: ${type.name} (${MODE_LABELS[type.mode].toLowerCase()}) with ${slot.clinicianName}, ${formatDay(localDate(slot.start, timeZone))}, ${formatRange(slot.start, slot.end, timeZone)} (${timeZone.replaceAll('_', ' ')}).`
      : ''

  return (
    <Dialog
      title="Book for a patient"
      isOpen
      onOpenChange={(open) => (open ? undefined : close())}
      isDismissable={!pending}
    >
      <ProblemAlert problem={problem} />
      {confirming ? (
        <>
          <p className="sched-confirm">{summary}</p>
          <div className="dialog__actions">
            <Button isPending={pending} onPress={() => void book()}>
              Confirm booking
            </Button>
            <Button variant="quiet" isDisabled={pending} onPress={() => setConfirming(false)}>
              Back
            </Button>
          </div>
        </>
      ) : (
        <>
          <div className="form">
            <PatientPicker
              value={patientId}
              onChange={setPatientId}
              description="Everyone registered with the clinic."
              emptyText="No patients are registered yet."
            />
            {types.status === 'loading' ? <Loading label="Loading appointment types…" /> : null}
            {types.status === 'error' ? (
              <LoadProblem
                title="We could not load the appointment types"
                message={types.message}
                onRetry={reloadTypes}
              />
            ) : null}
            {types.status === 'ready' ? (
              <SelectField
                label="Appointment type"
                name="type"
                value={typeId}
                options={[
                  { value: '', label: 'Choose a type…' },
                  ...bookable.map((t) => ({ value: t.id, label: `${t.name} (${t.durationMinutes} min)` })),
                ]}
                onChange={(id) => {
                  setTypeId(id)
                  setSlot(null)
                }}
              />
            ) : null}
            <SelectField
              label="Clinician"
              name="clinician"
              value={clinicianId}
              options={[
                { value: '', label: 'Any clinician' },
                ...clinicians.map((c) => ({ value: c.id, label: c.name })),
              ]}
              onChange={(id) => {
                setClinicianId(id)
                setSlot(null)
              }}
            />
            {typeId ? (
              <SlotPicker
                typeId={typeId}
                clinicianId={clinicianId}
                timeZone={timeZone}
                value={slot}
                onChange={setSlot}
                generation={generation}
              />
            ) : null}
          </div>
          <div className="dialog__actions">
            <Button
              isDisabled={!patientId || !slot}
              onPress={() => {
                setProblem(null)
                setConfirming(true)
              }}
            >
              Continue
            </Button>
            <Button variant="quiet" onPress={close}>
              Close
            </Button>
          </div>
          {!patientId || !slot ? (
            <p className="muted">Choose a patient, a type and a free time to continue.</p>
          ) : null}
        </>
      )}
    </Dialog>
  )
}
