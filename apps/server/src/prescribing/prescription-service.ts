// The clinician's prescriptions: drafts, the rule check as they type, and signing (S17 step-up is
// enforced by the route). Signing makes the MedicationRequest active and, in the same transaction,
// puts a routing job on the durable queue (the transactional outbox, S24): the pharmacy Task is
// written by routing-worker.ts from that job, so a crash after the commit cannot lose it and a crash
// before the commit leaves the draft as it was.
import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import type {
  PatientReadiness,
  PrescriptionCheckBody,
  PrescriptionDetails,
  PrescriptionDraftBody,
  PrescriptionSignBody,
  PrescriptionView,
  RuleFindings,
} from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import { encounterIdFor } from '../consult-notes/note-resources.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import type { CatalogueService } from './catalogue-service.ts'
import type { PrescribingDeps } from './prescribing-deps.ts'
import { notify } from './prescribing-mail.ts'
import { medicationRequestResource } from './prescribing-resources.ts'
import { evaluateRules, unacknowledged, validUntil } from './prescribing-rules.ts'
import { prescriptionQuery, productOf, toView, type PrescriptionRow } from './prescription-views.ts'
import { gatherFacts } from './rule-facts.ts'

export const ROUTE_QUEUE = 'prescribing.route'
type Tx = Transaction<Database>

export const noPrescription = (): AppError => new AppError('not-found', 'No such prescription.')

export class PrescriptionService {
  constructor(
    private readonly deps: PrescribingDeps,
    private readonly catalogue: CatalogueService,
  ) {}

  /** The rule findings for what the clinician has typed so far (nothing is saved). */
  async check(actor: Actor, body: PrescriptionCheckBody): Promise<RuleFindings> {
    await this.deps.access.assertPatient(actor, body.patientId, 'clinical')
    const product = body.medicationId ? await this.catalogue.product(body.medicationId) : null
    const facts = await gatherFacts(
      this.deps,
      this.deps.db,
      actor,
      {
        patientId: body.patientId,
        product,
        pharmacyChosen: body.pharmacyId !== undefined,
        details: body.details ?? {},
        excludePrescriptionId: body.prescriptionId,
      },
      await this.deps.readiness.of(actor, body.patientId),
    )
    const findings = evaluateRules(facts)
    return { findings, signable: !findings.some((f) => f.severity === 'error') }
  }

  async draft(actor: Actor, body: PrescriptionDraftBody): Promise<PrescriptionView> {
    await this.deps.access.assertPatient(actor, body.patientId, 'clinical')
    const id = randomUUID()
    const now = this.deps.clock.now()
    return this.deps.db.transaction().execute(async (tx) => {
      await this.checkChoices(tx, body)
      await tx
        .insertInto('prescription')
        .values({
          id,
          patient_id: body.patientId,
          prescriber_id: actor.accountId,
          medication_id: body.medicationId,
          pharmacy_id: body.pharmacyId,
          appointment_id: body.appointmentId ?? null,
          status: 'draft',
          details: JSON.stringify(body.details),
          repeats_authorised: body.details.repeats,
          repeat_interval_days: body.details.repeatIntervalDays ?? null,
          course_id: id,
          issue_number: 1,
          created_at: now,
          updated_at: now,
        })
        .execute()
      return this.writeRequest(tx, id)
    })
  }

  /** Replaces a draft's contents; only its author, only while it is a draft. */
  async update(actor: Actor, id: string, body: PrescriptionDraftBody): Promise<PrescriptionView> {
    await this.authorOf(actor, id)
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await this.ownDraft(tx, actor, id)
      if (body.patientId !== row.patient_id)
        throw new AppError('invalid', 'A prescription cannot move to another patient.', [
          { path: 'body/patientId', message: 'differs from the draft' },
        ])
      await this.checkChoices(tx, body)
      await tx
        .updateTable('prescription')
        .set({
          medication_id: body.medicationId,
          pharmacy_id: body.pharmacyId,
          appointment_id: body.appointmentId ?? null,
          details: JSON.stringify(body.details),
          repeats_authorised: body.details.repeats,
          repeat_interval_days: body.details.repeatIntervalDays ?? null,
          updated_at: this.deps.clock.now(),
        })
        .where('id', '=', id)
        .execute()
      return this.writeRequest(tx, id)
    })
  }

  /** Discards a draft (never a signed prescription). */
  async discard(actor: Actor, id: string): Promise<PrescriptionView> {
    await this.authorOf(actor, id)
    return this.deps.db.transaction().execute(async (tx) => {
      await this.ownDraft(tx, actor, id)
      await tx
        .updateTable('prescription')
        .set({ status: 'cancelled', updated_at: this.deps.clock.now() })
        .where('id', '=', id)
        .execute()
      return this.writeRequest(tx, id)
    })
  }

  /** Signs a draft: rules again on the server, warnings acknowledged, then active + routed (S24). */
  async sign(actor: Actor, id: string, body: PrescriptionSignBody): Promise<PrescriptionView> {
    const patientId = await this.authorOf(actor, id)
    const readiness = await this.deps.readiness.of(actor, patientId)
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await this.ownDraft(tx, actor, id)
      return this.signLocked(tx, actor, row, body.acknowledge, readiness)
    })
  }

  /** The signing step shared by a first issue and an approved repeat (the row is locked by the caller). */
  async signLocked(
    tx: Tx,
    actor: Actor,
    row: PrescriptionRow,
    acknowledge: readonly string[],
    readiness: PatientReadiness,
  ): Promise<PrescriptionView> {
    const product = productOf(row)
    if (!product.active)
      throw new AppError('conflict', 'This medicine has been withdrawn from the catalogue.', [
        { path: 'medicationId', message: 'retired' },
      ])
    const facts = await gatherFacts(
      this.deps,
      tx,
      actor,
      {
        patientId: row.patient_id,
        product,
        pharmacyChosen: true,
        details: row.details,
        excludePrescriptionId: row.id,
      },
      readiness,
    )
    const findings = evaluateRules(facts)
    const errors = findings.filter((f) => f.severity === 'error')
    if (errors.length)
      throw new AppError(
        'conflict',
        `This prescription cannot be signed: ${errors.map((e) => e.message).join(' ')}`,
        errors.map((e) => ({ path: e.field, message: e.rule })),
      )
    const pending = unacknowledged(findings, acknowledge)
    if (pending.length)
      throw new AppError(
        'conflict',
        `Acknowledge before signing: ${pending.map((w) => w.message).join(' ')}`,
        pending.map((w) => ({ path: 'body/acknowledge', message: w.rule })),
      )
    const now = this.deps.clock.now()
    await tx
      .updateTable('prescription')
      .set({
        status: 'active',
        signed_at: now,
        valid_until: validUntil(product.cd_schedule, now),
        acknowledged: findings.filter((f) => f.severity === 'warning').map((f) => f.rule),
        updated_at: now,
      })
      .where('id', '=', row.id)
      .where('status', '=', 'draft')
      .execute()
    const view = await this.writeRequest(tx, row.id)
    // The outbox: committed with the signature or not at all. routing-worker.ts writes the Task.
    await this.deps.jobs.enqueue(
      ROUTE_QUEUE,
      { prescriptionId: row.id },
      { dedupeKey: row.id, maxAttempts: 20 },
      tx,
    )
    await notify(this.deps, tx, [row.patient_id], 'patient-update')
    return view
  }

  /** A prescription the actor may see: the patient their own signed ones, clinicians their patients'. */
  async get(actor: Actor, id: string): Promise<PrescriptionView> {
    const row = await this.visible(actor, id)
    return toView(row, { text: this.deps.text })
  }

  async visible(actor: Actor, id: string): Promise<PrescriptionRow> {
    const row = await prescriptionQuery(this.deps.db).where('p.id', '=', id).executeTakeFirst()
    if (!row) throw noPrescription()
    if (actor.role === 'patient') {
      if (row.patient_id !== actor.accountId || row.status === 'draft') throw noPrescription()
      return row
    }
    if (
      actor.role !== 'clinician' ||
      !(await this.deps.access.canSeePatient(actor, row.patient_id, 'clinical'))
    )
      throw noPrescription()
    if (row.status === 'draft' && row.prescriber_id !== actor.accountId) throw noPrescription()
    return row
  }

  /** A patient's prescriptions for the care team (drafts: only the actor's own). */
  async forPatient(actor: Actor, patientId: string): Promise<PrescriptionView[]> {
    await this.deps.access.assertPatient(actor, patientId, 'clinical')
    const rows = await prescriptionQuery(this.deps.db)
      .where('p.patient_id', '=', patientId)
      .where((eb) => eb.or([eb('p.status', '!=', 'draft'), eb('p.prescriber_id', '=', actor.accountId)]))
      .orderBy('p.created_at', 'desc')
      .execute()
    return Promise.all(rows.map((r) => toView(r, { text: this.deps.text })))
  }

  /** Writes the MedicationRequest as the row now stands; returns the view. */
  async writeRequest(tx: Tx, id: string): Promise<PrescriptionView> {
    const row = await prescriptionQuery(tx).where('p.id', '=', id).executeTakeFirstOrThrow()
    const encounterId = row.appointment_id ? encounterIdFor(row.appointment_id) : null
    const encounter = encounterId
      ? await tx
          .selectFrom('fhir_resource')
          .select('id')
          .where('resource_type', '=', 'Encounter')
          .where('id', '=', encounterId)
          .executeTakeFirst()
      : undefined
    const prior =
      row.issue_number > 1
        ? await tx
            .selectFrom('prescription')
            .select('id')
            .where('course_id', '=', row.course_id)
            .where('issue_number', '=', row.issue_number - 1)
            .executeTakeFirst()
        : undefined
    await this.deps.store.writeManaged(
      tx,
      'MedicationRequest',
      id,
      medicationRequestResource({
        status: row.status,
        patientId: row.patient_id,
        medication: { id: row.medication_id, name: `${row.m_name} ${row.m_strength}` },
        unit: row.m_unit,
        prescriber: { id: row.prescriber_id, name: row.prescriber_name },
        pharmacy: { id: row.pharmacy_id, name: row.pharmacy_name },
        details: row.details,
        authoredOn: row.created_at,
        signedAt: row.signed_at,
        validUntil: row.valid_until,
        encounterId: encounter ? encounter.id : null,
        priorPrescriptionId: prior?.id ?? null,
      }),
      row.patient_id,
    )
    return toView(row, { text: this.deps.text, db: tx })
  }

  /** The draft's patient, if the actor wrote it and may still see the patient (checked before a transaction). */
  private async authorOf(actor: Actor, id: string): Promise<string> {
    const row = await this.deps.db
      .selectFrom('prescription')
      .select(['prescriber_id', 'patient_id'])
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row || row.prescriber_id !== actor.accountId) throw noPrescription()
    if (!(await this.deps.access.canSeePatient(actor, row.patient_id, 'clinical'))) throw noPrescription()
    return row.patient_id
  }

  private async ownDraft(tx: Tx, actor: Actor, id: string): Promise<PrescriptionRow> {
    const locked = await tx
      .selectFrom('prescription')
      .select(['id', 'status', 'prescriber_id', 'patient_id'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!locked || locked.prescriber_id !== actor.accountId) throw noPrescription()
    if (locked.status !== 'draft')
      throw new AppError('conflict', 'This prescription is signed; it can no longer change.', [
        { path: 'status', message: locked.status },
      ])
    return prescriptionQuery(tx).where('p.id', '=', id).executeTakeFirstOrThrow()
  }

  private async checkChoices(tx: Tx, body: PrescriptionDraftBody): Promise<void> {
    const product = await tx
      .selectFrom('medication_product')
      .select('active')
      .where('id', '=', body.medicationId)
      .executeTakeFirst()
    if (!product?.active)
      throw new AppError('invalid', 'Choose a medicine from the catalogue.', [
        { path: 'body/medicationId', message: 'unknown or retired' },
      ])
    const pharmacy = await tx
      .selectFrom('pharmacy')
      .select('active')
      .where('id', '=', body.pharmacyId)
      .executeTakeFirst()
    if (!pharmacy?.active)
      throw new AppError('invalid', 'Choose one of the clinic’s pharmacies.', [
        { path: 'body/pharmacyId', message: 'unknown or inactive' },
      ])
    if (body.appointmentId) {
      const a = await tx
        .selectFrom('appointment')
        .select('patient_id')
        .where('id', '=', body.appointmentId)
        .executeTakeFirst()
      if (a?.patient_id !== body.patientId)
        throw new AppError('invalid', 'That appointment is not this patient’s.', [
          { path: 'body/appointmentId', message: 'unknown' },
        ])
    }
  }
}

export type { PrescriptionDetails }
