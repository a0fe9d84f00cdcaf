// Finding the person to filter the audit trail by: the filters take ids, people know names.
import type { Kysely } from 'kysely'
import type { AuditPeopleQuery, AuditPerson } from '@tessera/contracts'
import type { Database } from '../platform/db/schema.ts'

export const PEOPLE_LIMIT = 20

/** `%q%` for ILIKE, with the pattern's own wildcards escaped (a search for "50%" means 50%). */
function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export async function findPeople(db: Kysely<Database>, query: AuditPeopleQuery): Promise<AuditPerson[]> {
  const pattern = containsPattern(query.q.trim())
  let q = db
    .selectFrom('account')
    .select(['id', 'display_name', 'email', 'role'])
    .where((eb) => eb.or([eb('display_name', 'ilike', pattern), eb('email', 'ilike', pattern)]))
  if (query.kind === 'patient') q = q.where('role', '=', 'patient')
  if (query.kind === 'staff') q = q.where('role', '!=', 'patient')
  const rows = await q.orderBy('display_name').orderBy('id').limit(PEOPLE_LIMIT).execute()
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, email: r.email, role: r.role }))
}
