// A search plan as SQL conditions over `fhir_resource r`, each parameter an EXISTS over the search
// index. Values are always bound parameters; `_sort` keys come from an allowlist.
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely'
import type { DateCriterion, Filter, TokenCriterion } from './search-params.ts'
import type { ResourceType } from './resource-types.ts'
import { paramDefinition } from './search-values.ts'

const NEG_INF = sql`'-infinity'::timestamptz`
const POS_INF = sql`'infinity'::timestamptz`
const AP_MARGIN = sql`interval '1 day'`

function or(parts: RawBuilder<SqlBool>[]): RawBuilder<SqlBool> {
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` or `)})` : sql<SqlBool>`false`
}

function likePattern(value: string, contains: boolean): string {
  const escaped = value.replace(/[\\%_]/g, (c) => `\\${c}`)
  return contains ? `%${escaped}%` : `${escaped}%`
}

/** Resource range [rs, re) against search range [s, e), per FHIR R4 3.1.1.5.4 (nulls: unbounded). */
function dateCondition(
  rs: Expression<unknown>,
  re: Expression<unknown>,
  c: DateCriterion,
): RawBuilder<SqlBool> {
  const s = c.start
  const e = c.end
  switch (c.prefix) {
    case 'eq':
      return sql<SqlBool>`(${rs} >= ${s} and ${re} <= ${e})`
    case 'ne':
      return sql<SqlBool>`not (${rs} >= ${s} and ${re} <= ${e})`
    case 'lt':
      return sql<SqlBool>`${rs} < ${s}`
    case 'le':
      return sql<SqlBool>`${rs} < ${e}`
    case 'gt':
      return sql<SqlBool>`${re} > ${e}`
    case 'ge':
      return sql<SqlBool>`${re} > ${s}`
    case 'sa':
      return sql<SqlBool>`${rs} >= ${e}`
    case 'eb':
      return sql<SqlBool>`${re} <= ${s}`
    case 'ap':
      return sql<SqlBool>`(${rs} < ${e}::timestamptz + ${AP_MARGIN} and ${re} > ${s}::timestamptz - ${AP_MARGIN})`
  }
}

function tokenCondition(t: TokenCriterion): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = []
  if (t.system === null) parts.push(sql<SqlBool>`i.system is null`)
  else if (t.system !== undefined) parts.push(sql<SqlBool>`i.system = ${t.system}`)
  if (t.code !== null) parts.push(sql<SqlBool>`i.value = ${t.code}`)
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` and `)})` : sql<SqlBool>`true`
}

function indexed(type: ResourceType, param: string, condition: RawBuilder<SqlBool>): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from fhir_search_index i where i.resource_type = ${type}
    and i.resource_id = r.id and i.param = ${param} and ${condition})`
}

export function filterCondition(type: ResourceType, filter: Filter): RawBuilder<SqlBool> {
  switch (filter.kind) {
    case 'id':
      return filter.ids.length
        ? sql<SqlBool>`r.id in (${sql.join(filter.ids.map((id) => sql`${id}::uuid`))})`
        : sql<SqlBool>`false`
    case 'lastUpdated':
      return or(
        filter.criteria.map((c) =>
          dateCondition(sql`r.last_updated`, sql`r.last_updated + interval '1 millisecond'`, c),
        ),
      )
    case 'missing': {
      const any = indexed(type, filter.param, sql<SqlBool>`true`)
      return filter.missing ? sql<SqlBool>`not ${any}` : any
    }
    case 'string':
      return indexed(
        type,
        filter.param,
        or(filter.values.map((v) => sql<SqlBool>`i.value like ${likePattern(v, filter.contains)}`)),
      )
    case 'token': {
      const match = indexed(type, filter.param, or(filter.values.map(tokenCondition)))
      return filter.not ? sql<SqlBool>`not ${match}` : match
    }
    case 'reference':
      return indexed(type, filter.param, sql<SqlBool>`i.value in (${sql.join(filter.values)})`)
    case 'date': {
      const rs = sql`coalesce(i.date_start, ${NEG_INF})`
      const re = sql`coalesce(i.date_end, ${POS_INF})`
      // `ne` means no value of the resource equals the date, not "some value differs".
      const criteria = filter.criteria
      const positive = criteria.filter((c) => c.prefix !== 'ne')
      const negative = criteria.filter((c) => c.prefix === 'ne')
      const parts: RawBuilder<SqlBool>[] = []
      if (positive.length)
        parts.push(indexed(type, filter.param, or(positive.map((c) => dateCondition(rs, re, c)))))
      for (const c of negative) {
        parts.push(
          sql<SqlBool>`not ${indexed(type, filter.param, dateCondition(rs, re, { ...c, prefix: 'eq' }))}`,
        )
      }
      return or(parts)
    }
  }
}

/** ORDER BY key for an allowlisted `_sort` parameter. */
export function sortKey(type: ResourceType, param: string, desc: boolean): RawBuilder<unknown> {
  if (param === '_id') return sql`r.id`
  if (param === '_lastUpdated') return sql`r.last_updated`
  const column = paramDefinition(type, param).type === 'date' ? sql`i.date_start` : sql`i.value`
  const pick = desc ? sql`max` : sql`min`
  return sql`(select ${pick}(${column}) from fhir_search_index i where i.resource_type = ${type}
    and i.resource_id = r.id and i.param = ${param})`
}
