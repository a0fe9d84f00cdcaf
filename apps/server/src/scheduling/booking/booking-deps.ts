// What booking needs from the rest of scheduling and the app, as narrow ports: the slot finder
// (slots/slot-finder.ts), reminders (reminders/), readiness (intake/) and the FHIR store.
import type { Kysely, Transaction } from 'kysely'
import type { AppointmentTypeView, FreeSlot, PatientReadiness } from '@tessera/contracts'
import type { Actor } from '../../access/actor.ts'
import type { AccessPolicy } from '../../access/access-policy.ts'
import type { FhirStore } from '../../fhir/fhir-store.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'
import type { BookingPolicyStore } from './booking-policy.ts'

type Db = Kysely<Database> | Transaction<Database>

export interface SlotPort {
  type(typeId: string, db?: Db): Promise<AppointmentTypeView>
  slotAt(
    q: {
      typeId: string
      clinicianId: string
      start: Date
      excludeAppointmentId?: string
      type?: AppointmentTypeView
    },
    db?: Db,
  ): Promise<{ start: Date; end: Date; blockedUntil: Date } | null>
  find(
    q: {
      typeId: string
      clinicianId?: string
      from?: Date
      to?: Date
      limit?: number
      excludeAppointmentId?: string
    },
    db?: Db,
  ): Promise<FreeSlot[]>
}

export interface ReminderPort {
  scheduleFor(
    tx: Transaction<Database>,
    appt: { id: string; startsAt: Date; patientId: string },
  ): Promise<void>
  rescheduleFor(
    tx: Transaction<Database>,
    appt: { id: string; startsAt: Date; patientId: string },
  ): Promise<void>
  cancelFor(tx: Transaction<Database>, appointmentId: string): Promise<void>
}

export interface ReadinessPort {
  of(actor: Actor, patientId: string): Promise<PatientReadiness>
}

export interface BookingDeps {
  db: Kysely<Database>
  clock: Clock
  access: AccessPolicy
  store: FhirStore
  slots: SlotPort
  reminders: ReminderPort
  readiness: ReadinessPort
  policy: BookingPolicyStore
  /** How long a booking keeps the clinician on the patient's care team after the appointment. */
  careTeamDays: number
  /** The sign-in page, for calendar files. */
  signInUrl: () => string
}
