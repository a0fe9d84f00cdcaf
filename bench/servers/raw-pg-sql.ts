// The SQL statements of P4's raw baseline (raw-pg-fhir.ts), as Kysely renders them for Tessera
// (whitespace aside; lib/crud-statements.ts checks them against Tessera's before every P4 run), and
// the search index rows of an Observation, as fhir/search-values.ts makes them for the parameters
// the Observation search declares (patient, code, date, status, category, encounter).

const VISIBLE = (n: number): string =>
  `(exists (select 1 from care_team ct where ct.patient_id = "r"."patient_id" and ct.clinician_id = $${n} ` +
  `and (ct.ends_at is null or ct.ends_at > $${n + 1})) or exists (select 1 from break_glass bg where ` +
  `bg.patient_id = "r"."patient_id" and bg.clinician_id = $${n + 2} and bg.expires_at > $${n + 3}))`
export const SESSION =
  'select "session"."id", "session"."level", "session"."methods", "session"."mfa_at", "session"."last_seen_at", ' +
  '"session"."expires_at", "session"."revoked_at", "account"."id" as "account_id", "account"."role", ' +
  '"account"."is_prescriber", "account"."is_specialist", "account"."disabled_at" from "session" inner join ' +
  '"account" on "account"."id" = "session"."account_id" where "session"."token_hash" = $1'
export const TOUCH = 'update "session" set "last_seen_at" = $1 where "id" = $2'
export const CURRENT =
  'select "r"."id", "r"."version_id", "r"."last_updated", "r"."patient_id", "r"."deleted", r.content::text as "json" ' +
  `from "fhir_resource" as "r" where "r"."resource_type" = $1 and "r"."id" = $2 and ${VISIBLE(3)}`
export const PATIENT =
  'select "r"."id" from "fhir_resource" as "r" where "r"."resource_type" = $1 and "r"."id" = $2 and ' +
  `"r"."deleted" = $3 and ${VISIBLE(4)}`
const COLUMNS = '("resource_type", "id", "version_id", "last_updated", "deleted", "patient_id", "content")'
export const INSERT_RESOURCE = `insert into "fhir_resource" ${COLUMNS} values ($1, $2, $3, $4, $5, $6, $7)`
export const INSERT_HISTORY = `insert into "fhir_resource_history" ${COLUMNS} values ($1, $2, $3, $4, $5, $6, $7)`
export const UPDATE_RESOURCE =
  'update "fhir_resource" set "resource_type" = $1, "id" = $2, "version_id" = $3, "last_updated" = $4, ' +
  '"deleted" = $5, "patient_id" = $6, "content" = $7 where "resource_type" = $8 and "id" = $9'
export const DELETE_INDEX =
  'delete from "fhir_search_index" where "resource_type" = $1 and "resource_id" = $2'
export const SEARCH =
  'select "r"."resource_type", "r"."id", "r"."version_id", "r"."last_updated", "r"."patient_id", "r"."deleted", ' +
  `r.content::text as "json" from "fhir_resource" as "r" where "r"."resource_type" = $1 and "r"."deleted" = $2 and ` +
  `${VISIBLE(3)} and exists (select 1 from fhir_search_index i where i.resource_type = $7 and i.resource_id = r.id ` +
  'and i.param = $8 and i.value in ($9)) and (exists (select 1 from fhir_search_index i where i.resource_type = $10 ' +
  "and i.resource_id = r.id and i.param = $11 and (coalesce(i.date_end, 'infinity'::timestamptz) > $12))) " +
  'order by "r"."last_updated" desc, "r"."id" limit $13 offset $14'

/** insert ... values ($1, ...), ($k, ...): `rows` tuples of `width` parameters. */
function valuesList(rows: number, width: number): string {
  const tuples: string[] = []
  for (let r = 0; r < rows; r++) {
    const p: string[] = []
    for (let c = 1; c <= width; c++) p.push(`$${r * width + c}`)
    tuples.push(`(${p.join(', ')})`)
  }
  return tuples.join(', ')
}
export const insertIndex = (rows: number): string =>
  'insert into "fhir_search_index" ("resource_type", "resource_id", "param", "system", "value", "date_start", ' +
  `"date_end") values ${valuesList(rows, 7)}`
export const insertAudit = (rows: number): string =>
  'insert into "audit_event" ("recorded_at", "actor_id", "actor_role", "action", "outcome", "patient_id", ' +
  `"body", "leaf_hash") values ${valuesList(rows, 8)}`

interface Reference {
  reference?: string
}
interface Coding {
  system?: string
  code?: string
}
export interface ObservationBody {
  resourceType?: string
  id?: string
  meta?: Record<string, unknown>
  status?: string
  category?: Array<{ coding?: Coding[] }>
  code?: { coding?: Coding[] }
  subject?: Reference
  encounter?: Reference
  effectiveDateTime?: string
}

/** The end (exclusive) of a dateTime written to the second or finer, as search-values.ts counts it. */
function dateTimeRange(text: string): [Date, Date] | null {
  const m = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(text)
  if (!m) return null
  const start = new Date(m[3] ? text : `${text}Z`)
  return [start, new Date(start.getTime() + (m[2] ? 1 : m[1] ? 1000 : 60_000))]
}

/** Index rows of an Observation, in Tessera's parameter order: patient, code, date, status, category, encounter. */
export function observationIndex(id: string, o: ObservationBody): unknown[] {
  const rows: unknown[][] = []
  const add = (
    param: string,
    system: string | null,
    value: string | null,
    start: Date | null,
    end: Date | null,
  ) => rows.push(['Observation', id, param, system, value, start, end])
  if (o.subject?.reference) add('patient', null, o.subject.reference, null, null)
  for (const c of o.code?.coding ?? []) if (c.code) add('code', c.system ?? null, c.code, null, null)
  const range = o.effectiveDateTime ? dateTimeRange(o.effectiveDateTime) : null
  if (range) add('date', null, null, range[0], range[1])
  if (o.status) add('status', null, o.status, null, null)
  for (const cat of o.category ?? [])
    for (const c of cat.coding ?? []) if (c.code) add('category', c.system ?? null, c.code, null, null)
  if (o.encounter?.reference) add('encounter', null, o.encounter.reference, null, null)
  return rows.flat()
}
