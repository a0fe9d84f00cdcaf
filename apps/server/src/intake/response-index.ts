// Facts about a patient's intake responses without their answers: which form and version, status,
// when. Read straight from the record's current rows (status and questionnaire are never sealed
// text), so it runs inside a transaction handle and serves the readiness view, which reception may
// see. The caller has already checked that the actor may see the patient.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { IntakeFormStatus } from '@tessera/contracts'
import type { Database } from '../platform/db/schema.ts'
import { splitCanonical } from './questionnaire-library.ts'

type Db = Kysely<Database> | Transaction<Database>

export interface ResponseFacts {
  id: string
  url: string
  questionnaire: string
  status: string
  lastUpdated: Date
  authored: string | null
}

export async function responseFacts(db: Db, patientId: string): Promise<ResponseFacts[]> {
  const rows = await db
    .selectFrom('fhir_resource as r')
    .select([
      'r.id',
      'r.last_updated',
      sql<string | null>`r.content->>'questionnaire'`.as('questionnaire'),
      sql<string | null>`r.content->>'status'`.as('status'),
      sql<string | null>`r.content->>'authored'`.as('authored'),
    ])
    .where('r.resource_type', '=', 'QuestionnaireResponse')
    .where('r.patient_id', '=', patientId)
    .where('r.deleted', '=', false)
    .orderBy('r.last_updated', 'desc')
    .orderBy('r.id')
    .limit(500)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    url: splitCanonical(r.questionnaire ?? '').url,
    questionnaire: r.questionnaire ?? '',
    status: r.status ?? '',
    lastUpdated: r.last_updated,
    authored: r.authored,
  }))
}

/**
 * The response that stands for a form: the one in progress, else the latest submitted one (a
 * patient finishes what they started before anything newer is offered).
 */
export function currentFor<T extends { url: string; status: string }>(
  facts: readonly T[],
  url: string,
): T | undefined {
  const mine = facts.filter((f) => f.url === url)
  return mine.find((f) => f.status === 'in-progress') ?? mine.find((f) => f.status === 'completed')
}

export function formStatus(facts: { status: string } | undefined): IntakeFormStatus {
  if (!facts) return 'not-started'
  return facts.status === 'completed' ? 'submitted' : 'in-progress'
}
