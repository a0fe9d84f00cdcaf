// Search: the plan's conditions AND the access policy, one page at a time (limit + 1 tells whether
// there is a next page), then `_include` / `_revinclude`, each filtered by the same policy.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Actor } from '../access/actor.ts'
import type { Database } from '../platform/db/schema.ts'
import { allows, assertAllowed } from './fhir-permissions.ts'
import type { FhirStore, StoredVersion } from './fhir-store.ts'
import { isResourceType, type ResourceType } from './resource-types.ts'
import type { SearchPlan } from './search-params.ts'
import { filterCondition, sortKey } from './search-sql.ts'

type Db = Kysely<Database> | Transaction<Database>

export interface SearchResult {
  matches: StoredVersion[]
  included: StoredVersion[]
  hasMore: boolean
  total: number | null
}

/** Cap on included resources per page: an include cannot be used to pull a whole table. */
export const MAX_INCLUDED = 500

const COLUMNS = [
  'r.resource_type',
  'r.id',
  'r.version_id',
  'r.last_updated',
  'r.patient_id',
  'r.deleted',
] as const

export class FhirSearch {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly store: FhirStore,
  ) {}

  private base(db: Db, actor: Actor, type: ResourceType) {
    return db
      .selectFrom('fhir_resource as r')
      .where('r.resource_type', '=', type)
      .where('r.deleted', '=', false)
      .where((eb) => this.store.visible(eb, type, actor))
  }

  async search(actor: Actor, plan: SearchPlan, db: Db = this.db): Promise<SearchResult> {
    assertAllowed(actor, plan.type, 'search')
    let query = this.base(db, actor, plan.type)
    for (const filter of plan.filters) query = query.where(filterCondition(plan.type, filter))
    const total =
      plan.summaryCount || plan.total
        ? Number((await query.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n)
        : null
    if (plan.summaryCount) return { matches: [], included: [], hasMore: false, total }
    let page = query.select([...COLUMNS, sql<string | null>`r.content::text`.as('json')])
    for (const s of plan.sort)
      page = page.orderBy(sortKey(plan.type, s.param, s.desc), s.desc ? 'desc' : 'asc')
    if (!plan.sort.length) page = page.orderBy('r.last_updated', 'desc')
    const rows = await page
      .orderBy('r.id')
      .limit(plan.count + 1)
      .offset(plan.offset)
      .execute()
    const matches = await Promise.all(rows.slice(0, plan.count).map((r) => this.toStored(r)))
    const included = await this.includes(db, actor, plan, matches)
    return { matches, included, hasMore: rows.length > plan.count, total }
  }

  private async includes(
    db: Db,
    actor: Actor,
    plan: SearchPlan,
    matches: StoredVersion[],
  ): Promise<StoredVersion[]> {
    if (!matches.length || (!plan.include.length && !plan.revinclude.length)) return []
    const seen = new Set(matches.map((m) => `${m.type}/${m.id}`))
    const out: StoredVersion[] = []
    const add = (rows: StoredVersion[]) => {
      for (const row of rows) {
        const key = `${row.type}/${row.id}`
        if (seen.has(key) || out.length >= MAX_INCLUDED) continue
        seen.add(key)
        out.push(row)
      }
    }
    const ids = matches.map((m) => m.id)
    for (const inc of plan.include) {
      const refs = await db
        .selectFrom('fhir_search_index')
        .select('value')
        .distinct()
        .where('resource_type', '=', inc.type)
        .where('param', '=', inc.param)
        .where('resource_id', 'in', ids)
        .execute()
      const byType = new Map<ResourceType, string[]>()
      for (const { value } of refs) {
        const [type, id] = (value ?? '').split('/')
        if (!type || !id || !isResourceType(type) || !/^[0-9a-f-]{36}$/i.test(id)) continue
        byType.set(type, [...(byType.get(type) ?? []), id])
      }
      for (const [type, targetIds] of byType) {
        if (!allows(actor, type, 'read')) continue
        add(await this.byIds(db, actor, type, targetIds))
      }
    }
    const refs = matches.map((m) => `${m.type}/${m.id}`)
    for (const rev of plan.revinclude) {
      if (!allows(actor, rev.type, 'read')) continue
      const rows = await this.base(db, actor, rev.type)
        .select([...COLUMNS, sql<string | null>`r.content::text`.as('json')])
        .where(
          sql<boolean>`exists (select 1 from fhir_search_index i where i.resource_type = ${rev.type}
            and i.resource_id = r.id and i.param = ${rev.param} and i.value in (${sql.join(refs)}))`,
        )
        .limit(MAX_INCLUDED)
        .execute()
      add(await Promise.all(rows.map((r) => this.toStored(r))))
    }
    return out
  }

  async byIds(db: Db, actor: Actor, type: ResourceType, ids: string[]): Promise<StoredVersion[]> {
    if (!ids.length) return []
    const rows = await this.base(db, actor, type)
      .select([...COLUMNS, sql<string | null>`r.content::text`.as('json')])
      .where('r.id', 'in', ids)
      .limit(MAX_INCLUDED)
      .execute()
    return Promise.all(rows.map((r) => this.toStored(r)))
  }

  async toStored(row: {
    resource_type: string
    id: string
    version_id: number
    last_updated: Date
    patient_id: string | null
    deleted: boolean
    json: string | null
  }): Promise<StoredVersion> {
    return this.store.fromRow(row.resource_type as ResourceType, row)
  }
}
