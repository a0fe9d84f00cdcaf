// Who sees which thread and which messages, as SQL (the choke point: a thread the actor may not see
// is simply not found, S2).
//   patient     their own threads; messages only, never an internal note
//   clinician   threads of patients on their care team (or under break-glass): messages and notes
//   reception   'admin' threads of any patient (demographics scope: appointments, paperwork),
//               messages and notes; never a 'clinical' thread
//   pharmacist, admin, privacy officer: nothing
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { MessageKind } from '@tessera/contracts'
import type { AccessPolicy } from '../access/access-policy.ts'
import type { Actor } from '../access/actor.ts'
import { AppError } from '../platform/errors.ts'

export const STAFF_MESSAGING_ROLES = ['clinician', 'reception'] as const

export function threadFilter<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  access: AccessPolicy,
  actor: Actor,
): Expression<SqlBool> {
  const patient = sql.ref<string>('message_thread.patient_id')
  switch (actor.role) {
    case 'patient':
      return sql<SqlBool>`${patient} = ${actor.accountId}`
    case 'clinician':
      return access.patientFilter(eb, patient, actor, 'clinical')
    case 'reception':
      return sql<SqlBool>`(${sql.ref('message_thread.topic')} = 'admin' and ${access.patientFilter(eb, patient, actor, 'demographics')})`
    case 'pharmacist':
    case 'admin':
    case 'privacy-officer':
      return sql<SqlBool>`false`
  }
}

/** The message kinds the actor may read: a patient never gets an internal note, from any query. */
export function visibleKinds(actor: Actor): readonly MessageKind[] {
  return actor.role === 'patient' ? ['message'] : ['message', 'internal-note']
}

export function isMessagingStaff(actor: Actor): boolean {
  return actor.role === 'clinician' || actor.role === 'reception'
}

export function threadNotFound(): AppError {
  return new AppError('not-found', 'No such thread.')
}
