// Booking, rescheduling and cancelling (S28: no double booking). Each change is one transaction
// that locks the clinician's `clinician_schedule` row, asks the slot finder whether the time is
// still free (it reads the appointments committed before the lock was granted), then writes the
// appointment row, its FHIR Appointment, the care-team link and the reminders together.
import { randomUUID } from 'node:crypto'
import { sql, type Selectable, type Transaction } from 'kysely'
import type { AppointmentTypeView, BookingBody, RescheduleBody } from '@tessera/contracts'
import type { Actor } from '../../access/actor.ts'
import { patientNotFound } from '../../access/access-policy.ts'
import type { Database } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/errors.ts'
import { appointmentResource } from './appointment-resource.ts'
import { appointmentFilter, appointmentNotFound } from './appointment-access.ts'
import type { BookingDeps } from './booking-deps.ts'
import { assertGateOpen } from './readiness-gate.ts'
import { slotTaken, SlotTaken, isUniqueViolation } from './slot-taken.ts'

type Tx = Transaction<Database>
type Selected = Selectable<Database['appointment']>

export class BookingService {
  /**
   * The losers of one race ask for the same alternatives: computed once and kept two seconds
   * (advice, not a promise: booking one of them is checked again like any booking).
   */
  private readonly recentAlternatives = new Map<string, { at: number; starts: Promise<string[]> }>()

  constructor(private readonly deps: BookingDeps) {}

  async book(actor: Actor, body: BookingBody): Promise<string> {
    const patientId = await this.patientFor(actor, body.patientId)
    const type = await this.deps.slots.type(body.typeId)
    const start = new Date(body.start)
    await this.assertGate(actor, patientId)
    const id = randomUUID()
    const now = this.deps.clock.now()
    // Most losers of a race find out here, without waiting for the clinician's lock.
    await assertBookable(this.deps.db, body.clinicianId)
    const free = await this.deps.slots.slotAt({ typeId: type.id, clinicianId: body.clinicianId, start, type })
    if (!free) throw slotTaken(await this.alternatives(type.id, body.clinicianId, start))
    await this.decide(type.id, body.clinicianId, start, async (tx) => {
      await lockClinicians(tx, [body.clinicianId])
      if (actor.role === 'patient') await assertAudience(tx, type, patientId, start)
      const slot = await this.deps.slots.slotAt(
        { typeId: type.id, clinicianId: body.clinicianId, start, type },
        tx,
      )
      if (!slot) throw new SlotTaken()
      await assertPatientFree(tx, patientId, slot.start, slot.end)
      await tx
        .insertInto('appointment')
        .values({
          id,
          patient_id: patientId,
          clinician_id: body.clinicianId,
          type_id: type.id,
          starts_at: slot.start,
          ends_at: slot.end,
          blocked_until: slot.blockedUntil,
          status: 'booked',
          booked_by: actor.accountId,
          booked_via: actor.role === 'patient' ? 'patient' : 'staff',
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute()
      await this.mirror(tx, id, type)
      await this.joinCareTeam(tx, patientId, body.clinicianId, slot.start)
      await this.deps.reminders.scheduleFor(tx, { id, startsAt: slot.start, patientId })
    })
    return id
  }

  async reschedule(actor: Actor, id: string, body: RescheduleBody): Promise<void> {
    const before = await this.visible(actor, id)
    const clinicianId = body.clinicianId ?? before.clinician_id
    const start = new Date(body.start)
    await this.assertChangeable(actor, before)
    const type = await this.deps.slots.type(before.type_id)
    await this.decide(type.id, clinicianId, start, async (tx) => {
      await lockClinicians(tx, [before.clinician_id, clinicianId])
      const current = await lockAppointment(tx, id)
      if (current.status !== 'booked' || current.version !== before.version) throw changedMeanwhile()
      const q = { typeId: type.id, clinicianId, start, excludeAppointmentId: id, type }
      const slot = await this.deps.slots.slotAt(q, tx)
      if (!slot) throw new SlotTaken()
      await assertPatientFree(tx, current.patient_id, slot.start, slot.end, id)
      await tx
        .updateTable('appointment')
        .set({
          clinician_id: clinicianId,
          starts_at: slot.start,
          ends_at: slot.end,
          blocked_until: slot.blockedUntil,
          version: current.version + 1,
          updated_at: this.deps.clock.now(),
        })
        .where('id', '=', id)
        .execute()
      await this.mirror(tx, id, type)
      await this.joinCareTeam(tx, current.patient_id, clinicianId, slot.start)
      await this.deps.reminders.rescheduleFor(tx, { id, startsAt: slot.start, patientId: current.patient_id })
    })
  }

  async cancel(actor: Actor, id: string): Promise<void> {
    const before = await this.visible(actor, id)
    if (before.status === 'cancelled') return
    await this.assertChangeable(actor, before)
    const type = await this.deps.slots.type(before.type_id).catch(() => undefined)
    await this.deps.db.transaction().execute(async (tx) => {
      const current = await lockAppointment(tx, id)
      if (current.status !== 'booked') throw changedMeanwhile()
      const now = this.deps.clock.now()
      await tx
        .updateTable('appointment')
        .set({
          status: 'cancelled',
          cancelled_at: now,
          cancelled_by: actor.accountId,
          version: current.version + 1,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute()
      await this.mirror(tx, id, type)
      await this.deps.reminders.cancelFor(tx, id)
    })
  }

  /** The appointment row if this actor may see it, else "not found". */
  async visible(actor: Actor, id: string): Promise<Selected> {
    const row = await this.deps.db
      .selectFrom('appointment')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => appointmentFilter(eb, this.deps.access, actor))
      .executeTakeFirst()
    if (!row) throw appointmentNotFound()
    return row
  }

  /** Patients may change online until the clinic's cut-off; staff until the start. */
  async changeUntil(actor: Actor, startsAt: Date): Promise<Date> {
    if (actor.role !== 'patient') return startsAt
    const { patientChangeCutoffHours } = await this.deps.policy.get()
    return new Date(startsAt.getTime() - patientChangeCutoffHours * 3_600_000)
  }

  private async assertChangeable(actor: Actor, row: Selected): Promise<void> {
    if (row.status !== 'booked') {
      throw new AppError('conflict', 'This appointment is no longer booked, so it cannot be changed.')
    }
    const until = await this.changeUntil(actor, row.starts_at)
    if (this.deps.clock.now() >= until) {
      throw new AppError(
        'conflict',
        actor.role === 'patient'
          ? 'It is too close to the appointment to change it online. Please call the clinic.'
          : 'This appointment has already started.',
      )
    }
  }

  private async assertGate(actor: Actor, patientId: string): Promise<void> {
    const { requireBeforeBooking } = await this.deps.policy.get()
    if (!requireBeforeBooking.consent && !requireBeforeBooking.intake && !requireBeforeBooking.documents)
      return
    const readiness = await this.deps.readiness.of(actor, patientId)
    assertGateOpen(requireBeforeBooking, readiness, actor.role === 'patient' ? 'patient' : 'staff', 'booking')
  }

  private async patientFor(actor: Actor, requested: string | undefined): Promise<string> {
    if (actor.role === 'patient') {
      if (requested !== undefined && requested !== actor.accountId) throw patientNotFound()
      return actor.accountId
    }
    if (requested === undefined) {
      throw new AppError('invalid', 'Choose the patient to book for.', [
        { path: '/patientId', message: 'required when staff book' },
      ])
    }
    await this.deps.access.assertPatient(actor, requested, 'demographics')
    const account = await this.deps.db
      .selectFrom('account')
      .select('id')
      .where('id', '=', requested)
      .where('role', '=', 'patient')
      .where('disabled_at', 'is', null)
      .executeTakeFirst()
    if (!account) {
      throw new AppError('invalid', 'This patient has no active account to book for.', [
        { path: '/patientId', message: 'no active patient account' },
      ])
    }
    return requested
  }

  /** Runs a booking decision; a taken slot (or a lost race on the unique index) becomes a 409. */
  private async decide(typeId: string, clinicianId: string, start: Date, work: (tx: Tx) => Promise<void>) {
    try {
      await this.deps.db.transaction().execute(work)
    } catch (error) {
      if (!(error instanceof SlotTaken) && !isUniqueViolation(error)) throw error
      throw slotTaken(await this.alternatives(typeId, clinicianId, start))
    }
  }

  /** Up to 5 free starts with this clinician: from the asked time on, else the soonest. */
  private alternatives(typeId: string, clinicianId: string, start: Date): Promise<string[]> {
    const key = `${typeId}|${clinicianId}|${start.toISOString()}`
    const now = Date.now()
    const recent = this.recentAlternatives.get(key)
    if (recent && now - recent.at < 2_000) return recent.starts
    for (const [k, v] of this.recentAlternatives) if (now - v.at >= 2_000) this.recentAlternatives.delete(k)
    const starts = (async () => {
      const week = new Date(start.getTime() + 7 * 86_400_000)
      const next = await this.deps.slots.find({ typeId, clinicianId, from: start, to: week, limit: 5 })
      const found = next.length ? next : await this.deps.slots.find({ typeId, clinicianId, limit: 5 })
      return found.map((s) => s.start)
    })()
    this.recentAlternatives.set(key, { at: now, starts })
    starts.catch(() => this.recentAlternatives.delete(key))
    return starts
  }

  private async mirror(tx: Tx, id: string, type: AppointmentTypeView | undefined): Promise<void> {
    const row = await tx.selectFrom('appointment').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const resource = appointmentResource({
      patientId: row.patient_id,
      clinicianId: row.clinician_id,
      typeName: type?.name ?? 'Appointment',
      mode: type?.mode ?? 'video',
      start: row.starts_at,
      end: row.ends_at,
      status: row.status,
      created: row.created_at,
    })
    await this.deps.store.writeManaged(tx, 'Appointment', id, resource, row.patient_id)
  }

  /** A booking puts the clinician on the patient's care team until `careTeamDays` after it. */
  private async joinCareTeam(tx: Tx, patientId: string, clinicianId: string, start: Date): Promise<void> {
    const endsAt = new Date(start.getTime() + this.deps.careTeamDays * 86_400_000)
    await tx
      .insertInto('care_team')
      .values({
        patient_id: patientId,
        clinician_id: clinicianId,
        source: 'booking',
        created_at: this.deps.clock.now(),
        ends_at: endsAt,
      })
      .onConflict((oc) =>
        oc.columns(['patient_id', 'clinician_id']).doUpdateSet({
          ends_at: sql`case when care_team.ends_at is null then null
            else greatest(care_team.ends_at, excluded.ends_at) end`,
        }),
      )
      .execute()
  }
}

async function lockClinicians(tx: Tx, ids: string[]): Promise<void> {
  // Always in the same order, so two reschedules between the same clinicians cannot deadlock.
  for (const id of [...new Set(ids)].sort()) await assertBookable(tx, id, true)
}

/** The clinician takes appointments (a schedule and an active account); `lock` takes their row. */
async function assertBookable(db: Tx | BookingDeps['db'], id: string, lock = false): Promise<void> {
  let query = db
    .selectFrom('clinician_schedule as s')
    .innerJoin('account as a', 'a.id', 's.clinician_id')
    .select('s.clinician_id')
    .where('s.clinician_id', '=', id)
    .where('a.disabled_at', 'is', null)
  if (lock) query = query.forUpdate('s')
  if (!(await query.executeTakeFirst())) {
    throw new AppError('invalid', 'That clinician does not take appointments.', [
      { path: '/clinicianId', message: 'not bookable' },
    ])
  }
}

async function lockAppointment(tx: Tx, id: string): Promise<Selected> {
  return tx.selectFrom('appointment').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow()
}

function changedMeanwhile(): AppError {
  return new AppError('conflict', 'This appointment was changed meanwhile. Reload it and try again.')
}

/** "new" types are for patients with no appointment yet; "existing" for those who had one. */
async function assertAudience(tx: Tx, type: AppointmentTypeView, patientId: string, start: Date) {
  if (type.audience === 'any') return
  const earlier = await tx
    .selectFrom('appointment')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('status', '!=', 'cancelled')
    .where('starts_at', '<', start)
    .executeTakeFirst()
  if (type.audience === 'new' && earlier) {
    throw new AppError('invalid', `${type.name} is for new patients. Choose a follow-up instead.`, [
      { path: '/typeId', message: 'for new patients only' },
    ])
  }
  if (type.audience === 'existing' && !earlier) {
    throw new AppError('invalid', `${type.name} is for patients who have seen the clinic before.`, [
      { path: '/typeId', message: 'for existing patients only' },
    ])
  }
}

async function assertPatientFree(tx: Tx, patientId: string, start: Date, end: Date, except?: string) {
  let q = tx
    .selectFrom('appointment')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('status', '=', 'booked')
    .where('starts_at', '<', end)
    .where('ends_at', '>', start)
  if (except) q = q.where('id', '!=', except)
  if (await q.executeTakeFirst()) {
    throw new AppError('conflict', 'There is already an appointment for this patient at that time.', [
      { path: '/start', message: 'patient already booked' },
    ])
  }
}
