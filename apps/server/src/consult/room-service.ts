// Rooms tied to appointments and the waiting room. Only the booked patient and the appointment's
// clinician (the host) are in a room; anyone else gets 404 "No such consultation." (S2). The patient
// checks in within the join window and with the clinic's "before joining" gate open (telehealth
// consent always); the host admits. State lives in `consult_room`, so every instance sees it.
import type { Transaction } from 'kysely'
import type { ConsultRole, ConsultRoomView, WaitingEntry } from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import { assertGateOpen } from '../scheduling/booking/readiness-gate.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import { channels, type ConsultDeps } from './consult-deps.ts'
import { consultNotFound, JOIN_EARLY_MINUTES, JOIN_LATE_MINUTES } from './consult-rules.ts'

const MINUTE = 60_000

export interface RoomAppointment {
  id: string
  patientId: string
  clinicianId: string
  startsAt: Date
  endsAt: Date
  /** The caller's part. */
  role: ConsultRole
}

export function joinWindow(a: { startsAt: Date; endsAt: Date }): { from: Date; until: Date } {
  return {
    from: new Date(a.startsAt.getTime() - JOIN_EARLY_MINUTES * MINUTE),
    until: new Date(a.endsAt.getTime() + JOIN_LATE_MINUTES * MINUTE),
  }
}

export class RoomService {
  constructor(private readonly deps: ConsultDeps) {}

  /** The appointment if the actor is in its room; otherwise 404 (also for cancelled ones). */
  async appointmentFor(actor: Actor, appointmentId: string): Promise<RoomAppointment> {
    if (actor.role !== 'patient' && actor.role !== 'clinician') throw consultNotFound()
    const column = actor.role === 'patient' ? 'patient_id' : 'clinician_id'
    const row = await this.deps.db
      .selectFrom('appointment')
      .select(['id', 'patient_id', 'clinician_id', 'starts_at', 'ends_at'])
      .where('id', '=', appointmentId)
      .where(column, '=', actor.accountId)
      .where('status', '=', 'booked')
      .executeTakeFirst()
    if (!row) throw consultNotFound()
    return {
      id: row.id,
      patientId: row.patient_id,
      clinicianId: row.clinician_id,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      role: actor.role === 'patient' ? 'patient' : 'host',
    }
  }

  async view(actor: Actor, appointmentId: string): Promise<ConsultRoomView> {
    return this.viewOf(await this.appointmentFor(actor, appointmentId))
  }

  async viewOf(a: RoomAppointment): Promise<ConsultRoomView> {
    const room = await this.deps.db
      .selectFrom('consult_room')
      .select(['checked_in_at', 'admitted_at', 'ended_at'])
      .where('appointment_id', '=', a.id)
      .executeTakeFirst()
    const w = joinWindow(a)
    return {
      appointmentId: a.id,
      role: a.role,
      start: a.startsAt.toISOString(),
      end: a.endsAt.toISOString(),
      joinFrom: w.from.toISOString(),
      joinUntil: w.until.toISOString(),
      state: room?.ended_at
        ? 'ended'
        : room?.admitted_at
          ? 'admitted'
          : room?.checked_in_at
            ? 'waiting'
            : 'not-checked-in',
      ...(room?.checked_in_at ? { checkedInAt: room.checked_in_at.toISOString() } : {}),
      ...(room?.admitted_at ? { admittedAt: room.admitted_at.toISOString() } : {}),
      ...(room?.ended_at ? { endedAt: room.ended_at.toISOString() } : {}),
    }
  }

  /** The patient may be in the call now: inside the join window, with the joining gate open. */
  async assertPatientMayJoin(actor: Actor, a: RoomAppointment): Promise<void> {
    const now = this.deps.clock.now()
    const w = joinWindow(a)
    if (now < w.from)
      throw new AppError(
        'conflict',
        `The consultation opens ${JOIN_EARLY_MINUTES} minutes before it starts.`,
        [{ path: 'joinFrom', message: w.from.toISOString() }],
      )
    if (now > w.until)
      throw new AppError('conflict', 'This consultation has ended.', [
        { path: 'joinUntil', message: w.until.toISOString() },
      ])
    const [policy, readiness] = await Promise.all([
      this.deps.policy.get(),
      this.deps.readiness.of(actor, a.patientId),
    ])
    assertGateOpen(policy.requireBeforeJoining, readiness, 'patient', 'joining')
  }

  async checkIn(actor: Actor, appointmentId: string): Promise<ConsultRoomView> {
    const a = await this.appointmentFor(actor, appointmentId)
    if (a.role !== 'patient') throw consultNotFound()
    await this.assertPatientMayJoin(actor, a)
    if ((await this.viewOf(a)).state === 'ended')
      throw new AppError('conflict', 'This consultation has ended.', [{ path: 'state', message: 'ended' }])
    const now = this.deps.clock.now()
    await this.deps.db.transaction().execute(async (tx) => {
      await this.ensureRoom(tx, a.id)
      // A second check-in (a reload) keeps the first time and an admission already given.
      await tx
        .updateTable('consult_room')
        .set({ checked_in_at: now, updated_at: now })
        .where('appointment_id', '=', a.id)
        .where('checked_in_at', 'is', null)
        .execute()
    })
    await this.deps.events.publish(channels.clinician(a.clinicianId), { appointmentId: a.id })
    return this.viewOf(a)
  }

  async admit(actor: Actor, appointmentId: string): Promise<ConsultRoomView> {
    const a = await this.appointmentFor(actor, appointmentId)
    if (a.role !== 'host') throw consultNotFound()
    const now = this.deps.clock.now()
    const res = await this.deps.db
      .updateTable('consult_room')
      .set({ admitted_at: now, admitted_by: actor.accountId, updated_at: now })
      .where('appointment_id', '=', a.id)
      .where('checked_in_at', 'is not', null)
      .where('admitted_at', 'is', null)
      .executeTakeFirst()
    if (Number(res.numUpdatedRows) === 0) {
      const view = await this.viewOf(a)
      if (view.state !== 'admitted')
        throw new AppError('conflict', 'Nobody is waiting in this consultation yet.', [
          { path: 'state', message: view.state },
        ])
      return view
    }
    await Promise.all([
      this.deps.events.publish(channels.patient(a.patientId), { appointmentId: a.id }),
      this.deps.events.publish(channels.clinician(a.clinicianId), { appointmentId: a.id }),
    ])
    return this.viewOf(a)
  }

  /** The host ended the consultation: the patient is told at once; a second end changes nothing. */
  async end(a: RoomAppointment): Promise<void> {
    const now = this.deps.clock.now()
    await this.deps.db.transaction().execute(async (tx) => {
      await this.ensureRoom(tx, a.id)
      await tx
        .updateTable('consult_room')
        .set({ ended_at: now, updated_at: now })
        .where('appointment_id', '=', a.id)
        .where('ended_at', 'is', null)
        .execute()
    })
    await Promise.all([
      this.deps.events.publish(channels.patient(a.patientId), { appointmentId: a.id }),
      this.deps.events.publish(channels.clinician(a.clinicianId), { appointmentId: a.id }),
    ])
  }

  /** The clinician's appointments with a patient waiting to be admitted, oldest check-in first. */
  async waiting(actor: Actor): Promise<WaitingEntry[]> {
    const now = this.deps.clock.now()
    const rows = await this.deps.db
      .selectFrom('consult_room as r')
      .innerJoin('appointment as a', 'a.id', 'r.appointment_id')
      .innerJoin('account as p', 'p.id', 'a.patient_id')
      .select(['a.id', 'a.patient_id', 'a.starts_at', 'p.display_name', 'r.checked_in_at'])
      .where('a.clinician_id', '=', actor.accountId)
      .where('a.status', '=', 'booked')
      .where('r.admitted_at', 'is', null)
      .where('r.checked_in_at', 'is not', null)
      .where('a.ends_at', '>', new Date(now.getTime() - JOIN_LATE_MINUTES * MINUTE))
      .orderBy('r.checked_in_at')
      .limit(50)
      .execute()
    return rows.map((r) => ({
      appointmentId: r.id,
      patientId: r.patient_id,
      patientName: r.display_name,
      start: r.starts_at.toISOString(),
      checkedInAt: r.checked_in_at!.toISOString(),
    }))
  }

  async ensureRoom(tx: Transaction<Database>, appointmentId: string): Promise<void> {
    const now = this.deps.clock.now()
    await tx
      .insertInto('consult_room')
      .values({ appointment_id: appointmentId, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('appointment_id').doNothing())
      .execute()
  }

  /**
   * TURN credentials are for someone about to be in a call: the booked patient or the clinician of a
   * booked appointment whose join window is open now (the patient before checking in too: the
   * network check before check-in needs them). Anyone else: 404 "No such consultation." (S2).
   */
  async assertInJoinWindow(actor: Actor): Promise<void> {
    if (actor.role !== 'patient' && actor.role !== 'clinician') throw consultNotFound()
    const now = this.deps.clock.now().getTime()
    const row = await this.deps.db
      .selectFrom('appointment')
      .select('id')
      .where(actor.role === 'patient' ? 'patient_id' : 'clinician_id', '=', actor.accountId)
      .where('status', '=', 'booked')
      .where('starts_at', '<=', new Date(now + JOIN_EARLY_MINUTES * MINUTE))
      .where('ends_at', '>=', new Date(now - JOIN_LATE_MINUTES * MINUTE))
      .limit(1)
      .executeTakeFirst()
    if (!row) throw consultNotFound()
  }

  /** The socket may open: the host any time until the window closes; the patient once admitted. */
  async assertMayConnect(actor: Actor, appointmentId: string): Promise<RoomAppointment> {
    const a = await this.appointmentFor(actor, appointmentId)
    if (a.role === 'host') {
      if (this.deps.clock.now() > joinWindow(a).until)
        throw new AppError('conflict', 'This consultation has ended.')
      return a
    }
    await this.assertPatientMayJoin(actor, a)
    const view = await this.viewOf(a)
    if (view.state !== 'admitted')
      throw new AppError('forbidden', 'Wait in the waiting room until the clinician lets you in.', [
        { path: 'state', message: view.state },
      ])
    return a
  }
}
