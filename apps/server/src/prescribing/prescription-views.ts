// Reads prescriptions with what their views need (product, pharmacy, names, the pharmacy task) in
// one query, and turns a row into the API's PrescriptionView with its status timeline. Access is
// decided by the caller; this file only shapes what it was allowed to read.
import type { Kysely, Transaction } from 'kysely'
import type { PrescriptionView, TimelineStep } from '@tessera/contracts'
import type { Database } from '../platform/db/schema.ts'
import type { TextEnvelope } from '../vault/crypto/text-envelope.ts'
import { medicationView, type ProductRow } from './catalogue-service.ts'

type Db = Kysely<Database> | Transaction<Database>

export function prescriptionQuery(db: Db) {
  return db
    .selectFrom('prescription as p')
    .innerJoin('medication_product as m', 'm.id', 'p.medication_id')
    .innerJoin('pharmacy as ph', 'ph.id', 'p.pharmacy_id')
    .innerJoin('account as pa', 'pa.id', 'p.patient_id')
    .innerJoin('account as pr', 'pr.id', 'p.prescriber_id')
    .leftJoin('pharmacy_task as t', 't.prescription_id', 'p.id')
    .selectAll('p')
    .select([
      'm.name as m_name',
      'm.kind as m_kind',
      'm.form as m_form',
      'm.strength as m_strength',
      'm.thc_content as m_thc',
      'm.cbd_content as m_cbd',
      'm.cd_schedule as m_schedule',
      'm.therapeutic_group as m_group',
      'm.ingredients as m_ingredients',
      'm.default_unit as m_unit',
      'm.active as m_active',
      'm.created_at as m_created',
      'm.updated_at as m_updated',
      'ph.name as pharmacy_name',
      'pa.display_name as patient_name',
      'pr.display_name as prescriber_name',
      't.id as task_id',
      't.state as task_state',
      't.created_at as task_created_at',
      't.dispensed_at as task_dispensed_at',
      't.handed_over_at as task_handed_over_at',
      't.rejected_at as task_rejected_at',
      't.reject_reason_sealed as task_reject_reason',
    ])
}

export type PrescriptionRow = Awaited<
  ReturnType<ReturnType<typeof prescriptionQuery>['executeTakeFirstOrThrow']>
>

export function productOf(r: PrescriptionRow): ProductRow {
  return {
    id: r.medication_id,
    name: r.m_name,
    kind: r.m_kind,
    form: r.m_form,
    strength: r.m_strength,
    thc_content: r.m_thc,
    cbd_content: r.m_cbd,
    cd_schedule: r.m_schedule,
    therapeutic_group: r.m_group,
    ingredients: r.m_ingredients,
    default_unit: r.m_unit,
    active: r.m_active,
    created_at: r.m_created,
    updated_at: r.m_updated,
  }
}

export function timelineOf(r: PrescriptionRow): TimelineStep[] {
  const steps: TimelineStep[] = []
  if (r.signed_at) steps.push({ step: 'signed', at: r.signed_at.toISOString() })
  if (r.task_created_at) steps.push({ step: 'at-pharmacy', at: r.task_created_at.toISOString() })
  if (r.task_dispensed_at) steps.push({ step: 'dispensed', at: r.task_dispensed_at.toISOString() })
  if (r.task_handed_over_at && (r.task_state === 'shipped' || r.task_state === 'collected'))
    steps.push({ step: r.task_state, at: r.task_handed_over_at.toISOString() })
  if (r.task_rejected_at) steps.push({ step: 'rejected', at: r.task_rejected_at.toISOString() })
  return steps
}

export interface ViewOptions {
  /** Open the pharmacy's rejection reason (prescriber and patient; never the FHIR API). */
  text?: TextEnvelope
  db?: Db
  canRequest?: 'repeat' | 'review' | null
}

export async function toView(r: PrescriptionRow, options: ViewOptions = {}): Promise<PrescriptionView> {
  const rejectReason =
    options.text && r.task_reject_reason && r.task_id
      ? await options.text.open(
          r.patient_id,
          `pharmacy-task/${r.task_id}/reject-reason`,
          r.task_reject_reason,
          options.db,
        )
      : undefined
  return {
    id: r.id,
    patientId: r.patient_id,
    patientName: r.patient_name,
    prescriberId: r.prescriber_id,
    prescriberName: r.prescriber_name,
    status: r.status,
    medication: medicationView(productOf(r)),
    pharmacy: { id: r.pharmacy_id, name: r.pharmacy_name },
    ...(r.appointment_id ? { appointmentId: r.appointment_id } : {}),
    details: r.details,
    issueNumber: r.issue_number,
    repeatsRemaining: r.repeats_authorised,
    ...(r.signed_at ? { signedAt: r.signed_at.toISOString() } : {}),
    ...(r.valid_until ? { validUntil: r.valid_until.toISOString() } : {}),
    ...(r.task_state ? { taskState: r.task_state } : {}),
    ...(rejectReason !== undefined ? { rejectReason } : {}),
    timeline: timelineOf(r),
    ...(options.canRequest !== undefined ? { canRequest: options.canRequest } : {}),
    createdAt: r.created_at.toISOString(),
  }
}
