// Appointments as the API shows them: the patient's own list, the clinician's day, reception's
// calendar. Staff see the patient's name and, on request, readiness (consent, intake, documents).
import type { AppointmentQuery, AppointmentView, PatientReadiness } from '@tessera/contracts'
import type { Actor } from '../../access/actor.ts'
import { AppError } from '../../platform/errors.ts'
import { appointmentFilter, appointmentNotFound } from './appointment-access.ts'
import type { BookingDeps } from './booking-deps.ts'

const DAY_MS = 86_400_000
/** The widest window one list may ask for (a quarter: reception's furthest week view and then some). */
const MAX_WINDOW_DAYS = 92

export class AppointmentViews {
  constructor(private readonly deps: BookingDeps) {}

  async list(actor: Actor, q: AppointmentQuery): Promise<AppointmentView[]> {
    const now = this.deps.clock.now()
    const from = q.from ? new Date(q.from) : new Date(now.getTime() - DAY_MS)
    const to = q.to ? new Date(q.to) : new Date(from.getTime() + 62 * DAY_MS)
    if (to <= from)
      throw new AppError('invalid', '"to" must be after "from".', [{ path: '/to', message: 'before from' }])
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
      throw new AppError('invalid', `Ask for at most ${MAX_WINDOW_DAYS} days at a time.`, [
        { path: '/to', message: 'window too wide' },
      ])
    }
    let query = this.base(actor)
      .where('appointment.starts_at', '<', to)
      .where('appointment.ends_at', '>', from)
    if (q.clinicianId) query = query.where('appointment.clinician_id', '=', q.clinicianId)
    if (q.patientId) query = query.where('appointment.patient_id', '=', q.patientId)
    const rows = await query.orderBy('appointment.starts_at').limit(500).execute()
    return this.views(actor, rows, q.readiness === true)
  }

  async one(actor: Actor, id: string, readiness = false): Promise<AppointmentView> {
    const row = await this.base(actor).where('appointment.id', '=', id).executeTakeFirst()
    if (!row) throw appointmentNotFound()
    const [view] = await this.views(actor, [row], readiness)
    return view!
  }

  private base(actor: Actor) {
    return this.deps.db
      .selectFrom('appointment')
      .innerJoin('appointment_type as t', 't.id', 'appointment.type_id')
      .innerJoin('account as c', 'c.id', 'appointment.clinician_id')
      .leftJoin('account as p', 'p.id', 'appointment.patient_id')
      .select([
        'appointment.id',
        'appointment.patient_id',
        'appointment.clinician_id',
        'appointment.starts_at',
        'appointment.ends_at',
        'appointment.status',
        't.id as type_id',
        't.name as type_name',
        't.mode as type_mode',
        'c.display_name as clinician_name',
        'p.display_name as patient_name',
      ])
      .where((eb) => appointmentFilter(eb, this.deps.access, actor))
  }

  private async views(
    actor: Actor,
    rows: Awaited<ReturnType<ReturnType<AppointmentViews['base']>['execute']>>,
    withReadiness: boolean,
  ): Promise<AppointmentView[]> {
    const staff = actor.role !== 'patient'
    const now = this.deps.clock.now()
    const readiness = new Map<string, PatientReadiness | undefined>()
    if (staff && withReadiness) {
      for (const id of new Set(rows.map((r) => r.patient_id))) {
        readiness.set(id, await this.deps.readiness.of(actor, id).catch(() => undefined))
      }
    }
    const cutoffMs = staff ? 0 : (await this.deps.policy.get()).patientChangeCutoffHours * 3_600_000
    const out: AppointmentView[] = []
    for (const r of rows) {
      const until = new Date(r.starts_at.getTime() - cutoffMs)
      const patientReadiness = readiness.get(r.patient_id)
      out.push({
        id: r.id,
        patientId: r.patient_id,
        ...(staff && r.patient_name ? { patientName: r.patient_name } : {}),
        clinicianId: r.clinician_id,
        clinicianName: r.clinician_name,
        type: { id: r.type_id, name: r.type_name, mode: r.type_mode },
        start: r.starts_at.toISOString(),
        end: r.ends_at.toISOString(),
        status: r.status,
        changeable: r.status === 'booked' && now < until,
        ...(r.status === 'booked' ? { changeUntil: until.toISOString() } : {}),
        ...(patientReadiness ? { readiness: patientReadiness } : {}),
      })
    }
    return out
  }
}
