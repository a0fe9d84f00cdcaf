// The one access policy every patient-data read and write passes (S1, S2): as SQL, so a record
// the actor may not see is simply not found.
//   patient       their own compartment only
//   clinician     patients on their care team (until it lapses) or under an active break-glass grant
//   reception     demographics and scheduling of the clinic's patients, no clinical content
//   pharmacist    (prescriptions routed to their pharmacy: added by the prescribing module)
//   admin, privacy officer: no clinical data
import { sql, type ExpressionBuilder, type Expression, type SqlBool, type Kysely } from 'kysely'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import type { Actor } from './actor.ts'

export type PatientScope = 'clinical' | 'demographics'

export class AccessPolicy {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** A WHERE condition: `patientIdColumn` names a patient this actor may see in this scope. */
  patientFilter<DB, TB extends keyof DB>(
    eb: ExpressionBuilder<DB, TB>,
    patientIdColumn: Expression<string> | string,
    actor: Actor,
    scope: PatientScope,
  ): Expression<SqlBool> {
    const col = typeof patientIdColumn === 'string' ? sql.ref(patientIdColumn) : patientIdColumn
    const now = this.clock.now()
    switch (actor.role) {
      case 'patient':
        return sql<SqlBool>`${col} = ${actor.accountId}`
      case 'clinician':
        return sql<SqlBool>`(exists (select 1 from care_team ct where ct.patient_id = ${col}
            and ct.clinician_id = ${actor.accountId} and (ct.ends_at is null or ct.ends_at > ${now}))
          or exists (select 1 from break_glass bg where bg.patient_id = ${col}
            and bg.clinician_id = ${actor.accountId} and bg.expires_at > ${now}))`
      case 'reception':
        return scope === 'demographics' ? sql<SqlBool>`true` : sql<SqlBool>`false`
      case 'pharmacist':
      case 'admin':
      case 'privacy-officer':
        void eb
        return sql<SqlBool>`false`
    }
  }

  /** Whether the actor may see this patient; a non-patient id is never visible. */
  async canSeePatient(actor: Actor, patientId: string, scope: PatientScope): Promise<boolean> {
    // A patient is a FHIR Patient (a patient account's id is its Patient id).
    const row = await this.db
      .selectFrom('fhir_resource')
      .select('id')
      .where('resource_type', '=', 'Patient')
      .where('id', '=', patientId)
      .where('deleted', '=', false)
      .where((eb) => this.patientFilter(eb, 'fhir_resource.id', actor, scope))
      .executeTakeFirst()
    return row !== undefined
  }

  /** Not-found, not forbidden: a 403 would confirm that the record exists (S2). */
  async assertPatient(actor: Actor, patientId: string, scope: PatientScope): Promise<void> {
    if (!(await this.canSeePatient(actor, patientId, scope))) throw patientNotFound()
  }

  /** Why the actor may see this patient, for the audit trail and the patient's access log. */
  async purposeOf(
    actor: Actor,
    patientId: string,
  ): Promise<'self' | 'care-team' | 'break-glass' | 'scheduling' | null> {
    if (actor.role === 'patient') return actor.accountId === patientId ? 'self' : null
    if (actor.role === 'reception') return 'scheduling'
    if (actor.role !== 'clinician') return null
    const now = this.clock.now()
    const team = await this.db
      .selectFrom('care_team')
      .select('patient_id')
      .where('patient_id', '=', patientId)
      .where('clinician_id', '=', actor.accountId)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
      .executeTakeFirst()
    if (team) return 'care-team'
    const glass = await this.db
      .selectFrom('break_glass')
      .select('id')
      .where('patient_id', '=', patientId)
      .where('clinician_id', '=', actor.accountId)
      .where('expires_at', '>', now)
      .executeTakeFirst()
    return glass ? 'break-glass' : null
  }
}

export function patientNotFound(): AppError {
  return new AppError('not-found', 'No such patient.')
}
