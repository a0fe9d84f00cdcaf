// Reads of the decision log: a patient's latest decision per kind (their standing), and the FHIR
// Consents of the decisions that gave consent (a withdrawal makes them inactive).
import type { Kysely, Transaction } from 'kysely'
import type { ConsentKind } from '@tessera/contracts'
import type { Database } from '../platform/db/schema.ts'
import type { ConsentDecisionKind } from './consent-tables.ts'

type Db = Kysely<Database> | Transaction<Database>

export interface LatestRow {
  kind: ConsentKind
  decision: ConsentDecisionKind
  textId: string
  version: number
  consentId: string
  at: Date
}

export async function latestDecisions(db: Db, patientId: string): Promise<Map<ConsentKind, LatestRow>> {
  const rows = await db
    .selectFrom('consent_decision as d')
    .innerJoin('consent_text as t', 't.id', 'd.text_id')
    .select(['d.kind', 'd.decision', 'd.text_id', 't.version', 'd.consent_id', 'd.decided_at'])
    .distinctOn('d.kind')
    .where('d.patient_id', '=', patientId)
    .orderBy('d.kind')
    .orderBy('d.seq', 'desc')
    .execute()
  return new Map(
    rows.map((r) => [
      r.kind,
      {
        kind: r.kind,
        decision: r.decision,
        textId: r.text_id,
        version: r.version,
        consentId: r.consent_id,
        at: r.decided_at,
      },
    ]),
  )
}

/** The Consent ids of every `given` decision of this kind (the ones a withdrawal ends). */
export async function givenConsentIds(db: Db, patientId: string, kind: ConsentKind): Promise<string[]> {
  const rows = await db
    .selectFrom('consent_decision')
    .select('consent_id')
    .where('patient_id', '=', patientId)
    .where('kind', '=', kind)
    .where('decision', '=', 'given')
    .orderBy('seq')
    .execute()
  return [...new Set(rows.map((r) => r.consent_id))]
}
