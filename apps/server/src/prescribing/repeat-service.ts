// Repeats (JOURNEYS.md patient step 8, clinician step 5): the patient asks for a repeat while
// authorised repeats remain (otherwise for a review); the request waits in the prescriber's queue;
// approving issues the repeat as a new MedicationRequest in the same course, signed the same way
// (rules again, step-up on the route) and routed to the pharmacy through the same outbox; declining
// sends a message (sealed under the patient's key) back to the patient.
import { randomUUID } from 'node:crypto'
import type {
  PrescriberQueue,
  PrescriptionSignBody,
  PrescriptionView,
  RepeatRequestKind,
  RepeatRequestView,
} from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import { AppError } from '../platform/errors.ts'
import type { PrescribingDeps } from './prescribing-deps.ts'
import { notify } from './prescribing-mail.ts'
import { noPrescription, type PrescriptionService } from './prescription-service.ts'
import { prescriptionQuery, toView, type PrescriptionRow } from './prescription-views.ts'

const noRequest = () => new AppError('not-found', 'No such request.')

export class RepeatService {
  constructor(
    private readonly deps: PrescribingDeps,
    private readonly prescriptions: PrescriptionService,
  ) {}

  /** The patient's own prescriptions (signed ones), newest first, each saying what can be asked for. */
  async mine(actor: Actor): Promise<PrescriptionView[]> {
    const rows = await prescriptionQuery(this.deps.db)
      .where('p.patient_id', '=', actor.accountId)
      .where('p.status', '!=', 'draft')
      .orderBy('p.signed_at', 'desc')
      .execute()
    const pending = await this.pendingFor(rows.map((r) => r.id))
    const latest = latestIssues(rows)
    return Promise.all(
      rows.map((r) =>
        toView(r, { text: this.deps.text, canRequest: offer(r, latest.has(r.id), pending.has(r.id)) }),
      ),
    )
  }

  async request(actor: Actor, prescriptionId: string, kind: RepeatRequestKind): Promise<RepeatRequestView> {
    return this.deps.db.transaction().execute(async (tx) => {
      const locked = await tx
        .selectFrom('prescription')
        .select(['id', 'patient_id'])
        .where('id', '=', prescriptionId)
        .forUpdate()
        .executeTakeFirst()
      if (!locked || locked.patient_id !== actor.accountId) throw noPrescription()
      const row = await prescriptionQuery(tx).where('p.id', '=', prescriptionId).executeTakeFirstOrThrow()
      if (row.status === 'draft') throw noPrescription()
      const course = await prescriptionQuery(tx)
        .where('p.course_id', '=', row.course_id)
        .where('p.status', '!=', 'draft')
        .execute()
      const pending = await tx
        .selectFrom('repeat_request')
        .select('id')
        .where('prescription_id', '=', row.id)
        .where('state', '=', 'pending')
        .executeTakeFirst()
      const allowed = offer(row, latestIssues(course).has(row.id), pending !== undefined)
      if (allowed !== kind)
        throw new AppError(
          'conflict',
          allowed === null
            ? 'A request for this prescription is already with your clinician, or it is still being prepared.'
            : `You can ask for a ${allowed} of this prescription.`,
          [{ path: 'body/kind', message: allowed ?? 'none' }],
        )
      const id = randomUUID()
      await tx
        .insertInto('repeat_request')
        .values({
          id,
          prescription_id: row.id,
          patient_id: row.patient_id,
          clinician_id: row.prescriber_id,
          kind,
          state: 'pending',
          message_sealed: null,
          issued_prescription_id: null,
          created_at: this.deps.clock.now(),
          decided_at: null,
        })
        .execute()
      await notify(this.deps, tx, [row.prescriber_id], 'clinician-queue')
      return this.view(tx, id)
    })
  }

  async requestsOfPatient(actor: Actor): Promise<RepeatRequestView[]> {
    const rows = await this.deps.db
      .selectFrom('repeat_request')
      .select('id')
      .where('patient_id', '=', actor.accountId)
      .orderBy('created_at', 'desc')
      .execute()
    return Promise.all(rows.map((r) => this.view(this.deps.db, r.id)))
  }

  /** The prescriber's queue: pending requests, and their prescriptions a pharmacy returned (90 days). */
  async queue(actor: Actor): Promise<PrescriberQueue> {
    const requests = await this.deps.db
      .selectFrom('repeat_request')
      .select('id')
      .where('clinician_id', '=', actor.accountId)
      .where('state', '=', 'pending')
      .orderBy('created_at')
      .execute()
    const since = new Date(this.deps.clock.now().getTime() - 90 * 86_400_000)
    const returned = await prescriptionQuery(this.deps.db)
      .where('p.prescriber_id', '=', actor.accountId)
      .where('t.state', '=', 'rejected')
      .where('t.rejected_at', '>=', since)
      .orderBy('t.rejected_at', 'desc')
      .execute()
    return {
      requests: await Promise.all(requests.map((r) => this.view(this.deps.db, r.id))),
      returned: await Promise.all(returned.map((r) => toView(r, { text: this.deps.text }))),
    }
  }

  /** Issues the repeat (the route requires step-up, S17): a new prescription in the course, signed and routed. */
  async approve(
    actor: Actor,
    requestId: string,
    body: PrescriptionSignBody,
  ): Promise<{ request: RepeatRequestView; prescription: PrescriptionView }> {
    const patientId = await this.clinicianOf(actor, requestId)
    const readiness = await this.deps.readiness.of(actor, patientId)
    return this.deps.db.transaction().execute(async (tx) => {
      const req = await tx
        .selectFrom('repeat_request')
        .selectAll()
        .where('id', '=', requestId)
        .forUpdate()
        .executeTakeFirstOrThrow()
      if (req.state !== 'pending')
        throw new AppError('conflict', `This request was already ${req.state}.`, [
          { path: 'state', message: req.state },
        ])
      if (req.kind !== 'repeat')
        throw new AppError(
          'conflict',
          'A review request is answered with a new prescription or a message; decline it with a message, or write a new prescription.',
          [{ path: 'kind', message: 'review' }],
        )
      const source = await prescriptionQuery(tx)
        .where('p.id', '=', req.prescription_id)
        .executeTakeFirstOrThrow()
      if (source.repeats_authorised < 1)
        throw new AppError('conflict', 'No repeats remain on this prescription.', [
          { path: 'repeatsRemaining', message: '0' },
        ])
      const now = this.deps.clock.now()
      const due =
        source.signed_at && source.repeat_interval_days
          ? new Date(source.signed_at.getTime() + source.repeat_interval_days * 86_400_000)
          : null
      if (due && due.getTime() > now.getTime())
        throw new AppError(
          'conflict',
          `Too early for this repeat: it is due from ${due.toISOString().slice(0, 10)}.`,
          [{ path: 'repeatIntervalDays', message: 'repeat-interval' }],
        )
      const id = randomUUID()
      const repeats = source.repeats_authorised - 1
      await tx
        .insertInto('prescription')
        .values({
          id,
          patient_id: source.patient_id,
          prescriber_id: actor.accountId,
          medication_id: source.medication_id,
          pharmacy_id: source.pharmacy_id,
          appointment_id: null,
          status: 'draft',
          details: JSON.stringify({ ...source.details, repeats }),
          repeats_authorised: repeats,
          repeat_interval_days: source.repeat_interval_days,
          course_id: source.course_id,
          issue_number: source.issue_number + 1,
          created_at: now,
          updated_at: now,
        })
        .execute()
      const draft = await prescriptionQuery(tx).where('p.id', '=', id).executeTakeFirstOrThrow()
      const prescription = await this.prescriptions.signLocked(tx, actor, draft, body.acknowledge, readiness)
      await tx
        .updateTable('repeat_request')
        .set({ state: 'approved', issued_prescription_id: id, decided_at: now })
        .where('id', '=', requestId)
        .execute()
      return { request: await this.view(tx, requestId), prescription }
    })
  }

  async decline(actor: Actor, requestId: string, message: string): Promise<RepeatRequestView> {
    await this.clinicianOf(actor, requestId)
    return this.deps.db.transaction().execute(async (tx) => {
      const req = await tx
        .selectFrom('repeat_request')
        .selectAll()
        .where('id', '=', requestId)
        .forUpdate()
        .executeTakeFirstOrThrow()
      if (req.state !== 'pending')
        throw new AppError('conflict', `This request was already ${req.state}.`, [
          { path: 'state', message: req.state },
        ])
      const sealed = await this.deps.text.seal(
        req.patient_id,
        `repeat-request/${req.id}/message`,
        message,
        tx,
      )
      await tx
        .updateTable('repeat_request')
        .set({ state: 'declined', message_sealed: sealed, decided_at: this.deps.clock.now() })
        .where('id', '=', requestId)
        .execute()
      await notify(this.deps, tx, [req.patient_id], 'patient-update')
      return this.view(tx, requestId)
    })
  }

  /** The request's patient, if the actor is its clinician and may still see the patient (before a transaction). */
  private async clinicianOf(actor: Actor, requestId: string): Promise<string> {
    const row = await this.deps.db
      .selectFrom('repeat_request')
      .select(['patient_id', 'clinician_id'])
      .where('id', '=', requestId)
      .executeTakeFirst()
    if (!row || row.clinician_id !== actor.accountId) throw noRequest()
    if (!(await this.deps.access.canSeePatient(actor, row.patient_id, 'clinical'))) throw noRequest()
    return row.patient_id
  }

  /** The patient a request belongs to, if the actor is its clinician (for the audit event). */
  async patientOf(actor: Actor, requestId: string): Promise<string | null> {
    const row = await this.deps.db
      .selectFrom('repeat_request')
      .select(['patient_id', 'clinician_id'])
      .where('id', '=', requestId)
      .executeTakeFirst()
    return row && row.clinician_id === actor.accountId ? row.patient_id : null
  }

  private async pendingFor(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set()
    const rows = await this.deps.db
      .selectFrom('repeat_request')
      .select('prescription_id')
      .where('prescription_id', 'in', ids)
      .where('state', '=', 'pending')
      .execute()
    return new Set(rows.map((r) => r.prescription_id))
  }

  private async view(db: PrescribingDeps['db'], id: string): Promise<RepeatRequestView> {
    const r = await db
      .selectFrom('repeat_request as q')
      .innerJoin('prescription as p', 'p.id', 'q.prescription_id')
      .innerJoin('medication_product as m', 'm.id', 'p.medication_id')
      .innerJoin('account as pa', 'pa.id', 'q.patient_id')
      .selectAll('q')
      .select(['m.name', 'm.strength', 'pa.display_name'])
      .where('q.id', '=', id)
      .executeTakeFirstOrThrow()
    const message = r.message_sealed
      ? await this.deps.text.open(r.patient_id, `repeat-request/${r.id}/message`, r.message_sealed, db)
      : undefined
    return {
      id: r.id,
      prescriptionId: r.prescription_id,
      patientId: r.patient_id,
      patientName: r.display_name,
      medicationName: `${r.name} ${r.strength}`,
      kind: r.kind,
      state: r.state,
      ...(message !== undefined ? { message } : {}),
      ...(r.issued_prescription_id ? { issuedPrescriptionId: r.issued_prescription_id } : {}),
      createdAt: r.created_at.toISOString(),
      ...(r.decided_at ? { decidedAt: r.decided_at.toISOString() } : {}),
    }
  }
}

/** The newest signed issue of each course (requests are made on it, not on older issues). */
function latestIssues(rows: readonly PrescriptionRow[]): Set<string> {
  const best = new Map<string, PrescriptionRow>()
  for (const r of rows) {
    const b = best.get(r.course_id)
    if (!b || r.issue_number > b.issue_number) best.set(r.course_id, r)
  }
  return new Set([...best.values()].map((r) => r.id))
}

/** What the patient may ask for: nothing while in progress or already asked; a repeat if any remain. */
function offer(r: PrescriptionRow, latest: boolean, pending: boolean): 'repeat' | 'review' | null {
  if (!latest || pending || r.status === 'active') return null
  return r.status === 'completed' && r.repeats_authorised > 0 ? 'repeat' : 'review'
}
