// Gathers what the prescribing rules look at: the prescriber's flags (read afresh, not from the
// session), the product, the patient's consent and intake state, recorded allergies (active
// AllergyIntolerance resources) and other active prescriptions. Read-only.
import type { Kysely, Transaction } from 'kysely'
import type { AllergyIntolerance } from '@medplum/fhirtypes'
import type { PatientReadiness, PrescriptionDetails } from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import type { Database } from '../platform/db/schema.ts'
import type { PrescribingDeps } from './prescribing-deps.ts'
import type { ProductRow } from './catalogue-service.ts'
import type { RuleFacts } from './prescribing-rules.ts'

type Db = Kysely<Database> | Transaction<Database>

export interface FactsInput {
  patientId: string
  product: ProductRow | null
  pharmacyChosen: boolean
  details: Partial<PrescriptionDetails>
  /** The prescription being checked (not its own duplicate). */
  excludePrescriptionId?: string | undefined
}

/**
 * `readiness` is read before the caller's transaction (readiness reads through its own connection;
 * on the embedded database a second connection inside a transaction would wait for ever).
 */
export async function gatherFacts(
  deps: PrescribingDeps,
  db: Db,
  actor: Actor,
  input: FactsInput,
  readiness: PatientReadiness,
): Promise<RuleFacts> {
  const [flags, allergies, active] = await Promise.all([
    db
      .selectFrom('account')
      .select(['is_prescriber', 'is_specialist', 'role'])
      .where('id', '=', actor.accountId)
      .executeTakeFirstOrThrow(),
    allergiesOf(deps, db, input.patientId),
    db
      .selectFrom('prescription as p')
      .innerJoin('medication_product as m', 'm.id', 'p.medication_id')
      .select(['m.name', 'm.strength', 'm.therapeutic_group'])
      .where('p.patient_id', '=', input.patientId)
      .where('p.status', '=', 'active')
      .$if(input.excludePrescriptionId !== undefined, (q) =>
        q.where('p.id', '!=', input.excludePrescriptionId!),
      )
      .execute(),
  ])
  const p = input.product
  return {
    prescriber: {
      prescriber: flags.role === 'clinician' && flags.is_prescriber,
      specialist: flags.role === 'clinician' && flags.is_specialist,
    },
    medication: p
      ? {
          name: p.name,
          kind: p.kind,
          cdSchedule: p.cd_schedule,
          therapeuticGroup: p.therapeutic_group,
          ingredients: p.ingredients,
        }
      : null,
    details: input.details,
    pharmacyChosen: input.pharmacyChosen,
    patient: {
      consent: readiness.consent.state,
      intake: readiness.intake.state,
      allergies,
      activeTherapies: active.map((a) => ({
        name: `${a.name} ${a.strength}`,
        therapeuticGroup: a.therapeutic_group,
      })),
    },
  }
}

/** Substances of the patient's allergy records that are not resolved or refuted. */
async function allergiesOf(deps: PrescribingDeps, db: Db, patientId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('fhir_resource')
    .select(['id', 'version_id', 'last_updated', 'patient_id', 'deleted', 'content'])
    .where('resource_type', '=', 'AllergyIntolerance')
    .where('patient_id', '=', patientId)
    .where('deleted', '=', false)
    .execute()
  const out: string[] = []
  for (const row of rows) {
    // code and clinicalStatus are never sealed (only notes and narrative are): no need to open.
    const a = row.content as unknown as AllergyIntolerance
    const status = a.clinicalStatus?.coding?.[0]?.code
    if (status === 'resolved' || status === 'inactive') continue
    if (a.verificationStatus?.coding?.[0]?.code === 'refuted') continue
    if (a.verificationStatus?.coding?.[0]?.code === 'entered-in-error') continue
    const names = [a.code?.text, ...(a.code?.coding ?? []).map((c) => c.display)].filter(
      (n): n is string => typeof n === 'string' && n.trim().length > 0,
    )
    out.push(...new Set(names))
  }
  void deps
  return out
}
