// The pharmacist's queue: tasks routed to their own pharmacy only (any other task, or a pharmacist
// of no pharmacy: 404, S2). Every step locks the task row, checks the state it may move from, and
// rewrites the Task (and the MedicationRequest/MedicationDispense it touches) in one transaction.
//   ready -> claimed -> checked -> dispensed -> shipped | collected;  ready|claimed|checked -> rejected
import type { Transaction } from 'kysely'
import type {
  ControlledDrugEntryView,
  DispenseBody,
  HandoverBody,
  PharmacyTaskState,
  PharmacyTaskView,
  RejectBody,
} from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import type { PrescribingDeps } from './prescribing-deps.ts'
import { notify } from './prescribing-mail.ts'
import { dispenseIdFor, dispenseResource, EXT, taskResource } from './prescribing-resources.ts'
import type { PrescriptionService } from './prescription-service.ts'
import { prescriptionQuery, toView } from './prescription-views.ts'
import { OPEN_STATES } from './routing-worker.ts'

type Tx = Transaction<Database>
type TaskRow = NonNullable<Awaited<ReturnType<PharmacyService['lockTask']>>>

export const noTask = (): AppError => new AppError('not-found', 'No such task.')

const FROM: Record<'claim' | 'check' | 'dispense' | 'reject' | 'handover', readonly PharmacyTaskState[]> = {
  claim: ['ready'],
  check: ['claimed'],
  dispense: ['checked'],
  reject: OPEN_STATES,
  handover: ['dispensed'],
}

export class PharmacyService {
  constructor(
    private readonly deps: PrescribingDeps,
    private readonly prescriptions: PrescriptionService,
  ) {}

  /** The pharmacy this pharmacist works for; none: every task is "not found". */
  async pharmacyOf(actor: Actor): Promise<string> {
    const row = await this.deps.db
      .selectFrom('pharmacy_member')
      .select('pharmacy_id')
      .where('account_id', '=', actor.accountId)
      .executeTakeFirst()
    if (!row) throw noTask()
    return row.pharmacy_id
  }

  async list(actor: Actor, which: 'open' | 'closed' | 'all' = 'open'): Promise<PharmacyTaskView[]> {
    const pharmacyId = await this.deps.db
      .selectFrom('pharmacy_member')
      .select('pharmacy_id')
      .where('account_id', '=', actor.accountId)
      .executeTakeFirst()
    if (!pharmacyId) return []
    let q = this.deps.db
      .selectFrom('pharmacy_task')
      .select('id')
      .where('pharmacy_id', '=', pharmacyId.pharmacy_id)
    if (which === 'open') q = q.where('state', 'in', [...OPEN_STATES])
    if (which === 'closed') q = q.where('state', 'not in', [...OPEN_STATES])
    const ids = await q.orderBy('created_at').limit(500).execute()
    const views = await Promise.all(ids.map((r) => this.view(this.deps.db, r.id)))
    // Overdue first, then oldest first.
    return views.sort(
      (a, b) => Number(b.overdue) - Number(a.overdue) || a.createdAt.localeCompare(b.createdAt),
    )
  }

  async get(actor: Actor, taskId: string): Promise<PharmacyTaskView> {
    const pharmacyId = await this.pharmacyOf(actor)
    const row = await this.deps.db
      .selectFrom('pharmacy_task')
      .select(['id', 'pharmacy_id'])
      .where('id', '=', taskId)
      .executeTakeFirst()
    if (!row || row.pharmacy_id !== pharmacyId) throw noTask()
    return this.view(this.deps.db, taskId)
  }

  claim(actor: Actor, taskId: string): Promise<PharmacyTaskView> {
    return this.step(actor, taskId, 'claim', async (tx, t) => {
      await this.move(tx, t, 'claimed', { claimed_by: actor.accountId })
    })
  }

  /** The clinical check: only the pharmacist who claimed it. */
  check(actor: Actor, taskId: string): Promise<PharmacyTaskView> {
    return this.step(actor, taskId, 'check', async (tx, t) => {
      this.assertClaimant(actor, t)
      await this.move(tx, t, 'checked', {})
    })
  }

  dispense(actor: Actor, taskId: string, body: DispenseBody): Promise<PharmacyTaskView> {
    return this.step(actor, taskId, 'dispense', async (tx, t) => {
      this.assertClaimant(actor, t)
      const now = this.deps.clock.now()
      const expiry = new Date(`${body.expiry}T00:00:00Z`)
      if (Number.isNaN(expiry.getTime()) || expiry.getTime() <= now.getTime())
        throw new AppError('invalid', 'The batch has expired (or the date is not a real date).', [
          { path: 'body/expiry', message: 'not after today' },
        ])
      const p = await prescriptionQuery(tx).where('p.id', '=', t.prescription_id).executeTakeFirstOrThrow()
      // Rule cd-validity-28-days (and the 6-month limit for others): an expired prescription is not dispensed.
      if (p.valid_until && p.valid_until.getTime() < now.getTime())
        throw new AppError(
          'conflict',
          'This prescription is no longer valid; reject it so the prescriber can reissue it.',
          [{ path: 'validUntil', message: 'cd-validity-28-days' }],
        )
      const dispenseId = dispenseIdFor(t.id)
      const pharmacist = await tx
        .selectFrom('account')
        .select('display_name')
        .where('id', '=', actor.accountId)
        .executeTakeFirstOrThrow()
      await this.deps.store.writeManaged(
        tx,
        'MedicationDispense',
        dispenseId,
        dispenseResource({
          prescriptionId: p.id,
          patientId: p.patient_id,
          medication: { id: p.medication_id, name: `${p.m_name} ${p.m_strength}` },
          pharmacist: { id: actor.accountId, name: pharmacist.display_name },
          quantity: p.details.quantity,
          unit: p.m_unit,
          daysSupply: p.details.daysSupply,
          batch: body.batch,
          expiry: body.expiry,
          preparedAt: now,
          handedOver: null,
        }),
        p.patient_id,
      )
      await this.move(tx, t, 'dispensed', { dispense_id: dispenseId, dispensed_at: now })
      await tx
        .updateTable('prescription')
        .set({ status: 'completed', updated_at: now })
        .where('id', '=', p.id)
        .execute()
      await this.prescriptions.writeRequest(tx, p.id)
      if (p.m_schedule === 2) {
        await tx
          .insertInto('controlled_drug_entry')
          .values({
            id: dispenseId,
            pharmacy_id: t.pharmacy_id,
            task_id: t.id,
            prescription_id: p.id,
            dispense_id: dispenseId,
            medication_id: p.medication_id,
            patient_id: p.patient_id,
            prescriber_id: p.prescriber_id,
            pharmacist_id: actor.accountId,
            quantity: p.details.quantity,
            unit: p.m_unit,
            batch: body.batch,
            expiry: body.expiry,
            supplied_at: now,
          })
          .execute()
      }
      await notify(this.deps, tx, [p.patient_id], 'patient-update')
    })
  }

  /** Back to the prescriber with a reason (sealed under the patient's key: it may be clinical). */
  reject(actor: Actor, taskId: string, body: RejectBody): Promise<PharmacyTaskView> {
    return this.step(actor, taskId, 'reject', async (tx, t) => {
      const now = this.deps.clock.now()
      const sealed = await this.deps.text.seal(
        t.patient_id,
        `pharmacy-task/${t.id}/reject-reason`,
        body.reason,
        tx,
      )
      await this.move(tx, t, 'rejected', { reject_reason_sealed: sealed, rejected_at: now })
      const p = await tx
        .updateTable('prescription')
        .set({ status: 'cancelled', updated_at: now })
        .where('id', '=', t.prescription_id)
        .returning(['prescriber_id', 'patient_id'])
        .executeTakeFirstOrThrow()
      await this.prescriptions.writeRequest(tx, t.prescription_id)
      await notify(this.deps, tx, [p.prescriber_id], 'clinician-queue')
      await notify(this.deps, tx, [p.patient_id], 'patient-update')
    })
  }

  handover(actor: Actor, taskId: string, body: HandoverBody): Promise<PharmacyTaskView> {
    return this.step(actor, taskId, 'handover', async (tx, t) => {
      const now = this.deps.clock.now()
      const p = await prescriptionQuery(tx).where('p.id', '=', t.prescription_id).executeTakeFirstOrThrow()
      const dispensedBy = await tx
        .selectFrom('account')
        .select(['id', 'display_name'])
        .where('id', '=', t.claimed_by ?? actor.accountId)
        .executeTakeFirstOrThrow()
      const batch = await batchOf(tx, t.dispense_id!)
      await this.deps.store.writeManaged(
        tx,
        'MedicationDispense',
        t.dispense_id!,
        dispenseResource({
          prescriptionId: p.id,
          patientId: p.patient_id,
          medication: { id: p.medication_id, name: `${p.m_name} ${p.m_strength}` },
          pharmacist: { id: dispensedBy.id, name: dispensedBy.display_name },
          quantity: p.details.quantity,
          unit: p.m_unit,
          daysSupply: p.details.daysSupply,
          batch: batch.batch,
          expiry: batch.expiry,
          preparedAt: t.dispensed_at ?? now,
          handedOver: { at: now, method: body.method },
        }),
        p.patient_id,
      )
      await this.move(tx, t, body.method, { handed_over_at: now })
      await notify(this.deps, tx, [p.patient_id], 'patient-update')
    })
  }

  /** The pharmacy's controlled-drug register (Schedule 2 supplies), newest first. */
  async register(actor: Actor): Promise<ControlledDrugEntryView[]> {
    const pharmacyId = await this.pharmacyOf(actor).catch(() => null)
    if (!pharmacyId) return []
    const rows = await this.deps.db
      .selectFrom('controlled_drug_entry as e')
      .innerJoin('medication_product as m', 'm.id', 'e.medication_id')
      .innerJoin('account as pa', 'pa.id', 'e.patient_id')
      .innerJoin('account as pr', 'pr.id', 'e.prescriber_id')
      .innerJoin('account as ph', 'ph.id', 'e.pharmacist_id')
      .select([
        'e.entry_no',
        'e.supplied_at',
        'm.name',
        'm.strength',
        'm.cd_schedule',
        'e.quantity',
        'e.unit',
        'e.batch',
        'e.expiry',
        'pa.display_name as patient',
        'pr.display_name as prescriber',
        'ph.display_name as pharmacist',
        'e.prescription_id',
        'e.patient_id',
      ])
      .where('e.pharmacy_id', '=', pharmacyId)
      .orderBy('e.entry_no', 'desc')
      .limit(1000)
      .execute()
    return rows.map((r) => ({
      entryNo: Number(r.entry_no),
      suppliedAt: r.supplied_at.toISOString(),
      medicationName: r.name,
      strength: r.strength,
      cdSchedule: r.cd_schedule ?? 2,
      quantity: Number(r.quantity),
      unit: r.unit,
      batch: r.batch,
      expiry: (r.expiry instanceof Date ? r.expiry.toISOString() : String(r.expiry)).slice(0, 10),
      patientName: r.patient,
      prescriberName: r.prescriber,
      pharmacistName: r.pharmacist,
      prescriptionId: r.prescription_id,
    }))
  }

  /** Patients in the register (for the audit event of reading it). */
  async registerPatients(actor: Actor): Promise<string[]> {
    const pharmacyId = await this.pharmacyOf(actor).catch(() => null)
    if (!pharmacyId) return []
    const rows = await this.deps.db
      .selectFrom('controlled_drug_entry')
      .select('patient_id')
      .distinct()
      .where('pharmacy_id', '=', pharmacyId)
      .execute()
    return rows.map((r) => r.patient_id)
  }

  /** The patient a task belongs to, when the actor may see it (for the audit event). */
  async patientOf(actor: Actor, taskId: string): Promise<string | null> {
    const pharmacyId = await this.pharmacyOf(actor).catch(() => null)
    if (!pharmacyId) return null
    const row = await this.deps.db
      .selectFrom('pharmacy_task')
      .select(['patient_id', 'pharmacy_id'])
      .where('id', '=', taskId)
      .executeTakeFirst()
    return row && row.pharmacy_id === pharmacyId ? row.patient_id : null
  }

  private async step(
    actor: Actor,
    taskId: string,
    action: keyof typeof FROM,
    work: (tx: Tx, t: TaskRow) => Promise<void>,
  ): Promise<PharmacyTaskView> {
    const pharmacyId = await this.pharmacyOf(actor)
    return this.deps.db.transaction().execute(async (tx) => {
      const t = await this.lockTask(tx, taskId)
      if (!t || t.pharmacy_id !== pharmacyId) throw noTask()
      if (!FROM[action].includes(t.state))
        throw new AppError('conflict', `This task is ${t.state}; it cannot be ${verb[action]} now.`, [
          { path: 'state', message: t.state },
        ])
      await work(tx, t)
      return this.view(tx, taskId)
    })
  }

  async lockTask(tx: Tx, taskId: string) {
    return tx.selectFrom('pharmacy_task').selectAll().where('id', '=', taskId).forUpdate().executeTakeFirst()
  }

  private assertClaimant(actor: Actor, t: TaskRow): void {
    if (t.claimed_by !== actor.accountId)
      throw new AppError('conflict', 'Another pharmacist has claimed this task.', [
        { path: 'claimedBy', message: 'someone else' },
      ])
  }

  private async move(
    tx: Tx,
    t: TaskRow,
    state: PharmacyTaskState,
    set: {
      claimed_by?: string
      dispense_id?: string
      dispensed_at?: Date
      handed_over_at?: Date
      rejected_at?: Date
      reject_reason_sealed?: string
    },
  ): Promise<void> {
    const now = this.deps.clock.now()
    await tx
      .updateTable('pharmacy_task')
      .set({ ...set, state, updated_at: now })
      .where('id', '=', t.id)
      .execute()
    const pharmacy = await tx
      .selectFrom('pharmacy')
      .select('name')
      .where('id', '=', t.pharmacy_id)
      .executeTakeFirstOrThrow()
    await this.deps.store.writeManaged(
      tx,
      'Task',
      t.id,
      taskResource({
        prescriptionId: t.prescription_id,
        patientId: t.patient_id,
        pharmacy: { id: t.pharmacy_id, name: pharmacy.name },
        state,
        authoredOn: t.created_at,
        modified: now,
        dispenseId: set.dispense_id ?? t.dispense_id,
      }),
      t.patient_id,
    )
  }

  private async view(db: PrescribingDeps['db'] | Tx, taskId: string): Promise<PharmacyTaskView> {
    const t = await db
      .selectFrom('pharmacy_task as t')
      .leftJoin('account as c', 'c.id', 't.claimed_by')
      .selectAll('t')
      .select('c.display_name as claimed_name')
      .where('t.id', '=', taskId)
      .executeTakeFirstOrThrow()
    const p = await prescriptionQuery(db).where('p.id', '=', t.prescription_id).executeTakeFirstOrThrow()
    const open = (OPEN_STATES as readonly string[]).includes(t.state)
    const limit = this.deps.taskAlertHours * 3_600_000
    const overdue =
      open && (t.overdue_at !== null || this.deps.clock.now().getTime() - t.created_at.getTime() >= limit)
    const batch = t.dispense_id ? await batchOf(db, t.dispense_id) : null
    const prescription = await toView(p)
    return {
      id: t.id,
      state: t.state,
      prescription,
      ...(t.claimed_name ? { claimedBy: t.claimed_name } : {}),
      createdAt: t.created_at.toISOString(),
      updatedAt: t.updated_at.toISOString(),
      overdue,
      ...(t.dispense_id && batch ? { dispense: { id: t.dispense_id, ...batch } } : {}),
    }
  }
}

const verb: Record<keyof typeof FROM, string> = {
  claim: 'claimed',
  check: 'checked',
  dispense: 'dispensed',
  reject: 'rejected',
  handover: 'handed over',
}

/** Batch and expiry of a dispense, from its MedicationDispense (extensions are never sealed). */
async function batchOf(
  db: PrescribingDeps['db'] | Tx,
  dispenseId: string,
): Promise<{ batch: string; expiry: string }> {
  const row = await db
    .selectFrom('fhir_resource')
    .select('content')
    .where('resource_type', '=', 'MedicationDispense')
    .where('id', '=', dispenseId)
    .executeTakeFirstOrThrow()
  const ext =
    (row.content as { extension?: Array<{ url: string; valueString?: string; valueDate?: string }> })
      .extension ?? []
  return {
    batch: ext.find((e) => e.url === EXT.batch)?.valueString ?? '',
    expiry: ext.find((e) => e.url === EXT.batchExpiry)?.valueDate ?? '',
  }
}
