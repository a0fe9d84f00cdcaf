// Which appointments an actor may see: a patient their own; a clinician those they hold and those of
// patients on their care team (or under break-glass); reception all (scheduling is their work).
// Anything else is "not found" (S2), never "forbidden".
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { Actor } from '../../access/actor.ts'
import type { AccessPolicy } from '../../access/access-policy.ts'
import type { Database } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/errors.ts'

export function appointmentFilter(
  eb: ExpressionBuilder<Database, 'appointment'>,
  access: AccessPolicy,
  actor: Actor,
): Expression<SqlBool> {
  const patient = access.patientFilter(eb, sql.ref('appointment.patient_id'), actor, 'demographics')
  if (actor.role === 'clinician')
    return eb.or([eb('appointment.clinician_id', '=', actor.accountId), patient])
  if (actor.role === 'patient' || actor.role === 'reception') return patient
  return sql<SqlBool>`false`
}

export function appointmentNotFound(): AppError {
  return new AppError('not-found', 'No such appointment.')
}
