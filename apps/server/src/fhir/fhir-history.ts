// History (instance and type) and Patient/$everything: reads across versions and across a patient's
// compartment, always through the same access condition as every other read.
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Actor } from '../access/actor.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import { allows, assertAllowed } from './fhir-permissions.ts'
import type { FhirSearch } from './fhir-search.ts'
import type { FhirStore, StoredVersion } from './fhir-store.ts'
import { RESOURCE_TYPES, TYPE_POLICIES, isResourceType, type ResourceType } from './resource-types.ts'
import { DEFAULT_COUNT, MAX_COUNT, MAX_OFFSET, type SearchInput } from './search-params.ts'
import { dateRange } from './search-values.ts'

export interface HistoryPlan {
  count: number
  offset: number
  since: Date | null
}

export interface HistoryPage {
  versions: StoredVersion[]
  hasMore: boolean
}

/** A patient's whole record is small; past this, ask for it by type. */
export const MAX_EVERYTHING = 10_000

function single(input: SearchInput, key: string): string | undefined {
  const v = input[key]
  if (Array.isArray(v)) {
    if (v.length !== 1)
      throw new AppError('invalid', `${key}: give it once`, [{ path: key, message: 'repeated' }])
    return v[0]
  }
  return v
}

function whole(key: string, raw: string, max: number): number {
  if (!/^\d{1,6}$/.test(raw) || Number(raw) > max) {
    throw new AppError('invalid', `${key} must be a whole number up to ${max}`, [
      { path: key, message: 'invalid' },
    ])
  }
  return Number(raw)
}

function since(raw: string | undefined, key = '_since'): Date | null {
  if (raw === undefined) return null
  const range = dateRange(raw)
  if (!range)
    throw new AppError('invalid', `${key} must be a FHIR instant or date`, [
      { path: key, message: 'invalid date' },
    ])
  return range.start
}

function rejectUnknown(input: SearchInput, known: readonly string[]): void {
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) {
      throw new AppError('invalid', `unknown parameter ${key.slice(0, 60)}; supported: ${known.join(', ')}`, [
        { path: key, message: 'unknown parameter' },
      ])
    }
  }
}

export function parseHistory(input: SearchInput): HistoryPlan {
  rejectUnknown(input, ['_count', '_since', '_offset', '_page'])
  const count = single(input, '_count')
  const offset = single(input, '_offset')
  return {
    count: count === undefined ? DEFAULT_COUNT : Math.max(1, whole('_count', count, MAX_COUNT)),
    offset: offset === undefined ? 0 : whole('_offset', offset, MAX_OFFSET),
    since: since(single(input, '_since')),
  }
}

export class FhirHistory {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly store: FhirStore,
    private readonly search: FhirSearch,
  ) {}

  async history(
    actor: Actor,
    type: ResourceType,
    id: string | null,
    plan: HistoryPlan,
  ): Promise<HistoryPage> {
    assertAllowed(actor, type, id ? 'read' : 'search')
    if (id !== null) await this.store.current(this.db, actor, type, id)
    let query = this.db
      .selectFrom('fhir_resource_history as r')
      .select([
        'r.resource_type',
        'r.id',
        'r.version_id',
        'r.last_updated',
        'r.patient_id',
        'r.deleted',
        sql<string | null>`r.content::text`.as('json'),
      ])
      .where('r.resource_type', '=', type)
      .where((eb) => this.store.visible(eb, type, actor))
    if (id !== null) query = query.where('r.id', '=', id)
    if (plan.since) query = query.where('r.last_updated', '>=', plan.since)
    const rows = await query
      .orderBy('r.last_updated', 'desc')
      .orderBy('r.version_id', 'desc')
      .limit(plan.count + 1)
      .offset(plan.offset)
      .execute()
    return {
      versions: await Promise.all(rows.slice(0, plan.count).map((r) => this.search.toStored(r))),
      hasMore: rows.length > plan.count,
    }
  }

  /** Patient/$everything: the patient's compartment, and the practitioners, drugs and forms it cites. */
  async everything(actor: Actor, patientId: string, input: SearchInput): Promise<StoredVersion[]> {
    rejectUnknown(input, ['_type', '_since'])
    const patient = await this.store.read(actor, 'Patient', patientId)
    const typeParam = single(input, '_type')
    const types =
      typeParam === undefined
        ? RESOURCE_TYPES
        : typeParam.split(',').map((t) => {
            if (!isResourceType(t))
              throw new AppError('invalid', `_type: ${t.slice(0, 40)} is not a type we serve`, [
                { path: '_type', message: 'unknown type' },
              ])
            return t
          })
    const from = since(single(input, '_since'))
    const compartmentTypes = types.filter(
      (t) => t !== 'Patient' && TYPE_POLICIES[t].compartment !== 'shared' && allows(actor, t, 'read'),
    )
    const rows = compartmentTypes.length
      ? await this.db
          .selectFrom('fhir_resource as r')
          .select([
            'r.resource_type',
            'r.id',
            'r.version_id',
            'r.last_updated',
            'r.patient_id',
            'r.deleted',
            sql<string | null>`r.content::text`.as('json'),
          ])
          .where('r.patient_id', '=', patient.id)
          .where('r.deleted', '=', false)
          .where('r.resource_type', 'in', compartmentTypes)
          .$if(from !== null, (q) => q.where('r.last_updated', '>=', from!))
          .where((eb) => this.store.visible(eb, 'Observation', actor))
          .orderBy('r.resource_type')
          .orderBy('r.last_updated')
          .limit(MAX_EVERYTHING + 1)
          .execute()
      : []
    if (rows.length > MAX_EVERYTHING) {
      throw new AppError(
        'payload-too-large',
        `this record has more than ${MAX_EVERYTHING} resources; ask for it by _type`,
      )
    }
    const compartment = await Promise.all(rows.map((r) => this.search.toStored(r)))
    const cited = await this.citedSharedResources(actor, compartment, types)
    return [patient, ...compartment, ...cited]
  }

  private async citedSharedResources(
    actor: Actor,
    resources: StoredVersion[],
    types: readonly ResourceType[],
  ): Promise<StoredVersion[]> {
    const wanted = new Map<ResourceType, Set<string>>()
    for (const r of resources) {
      for (const [, type, id] of (r.json ?? '').matchAll(/"reference": ?"([A-Za-z]+)\/([0-9a-f-]{36})"/g)) {
        if (
          !type ||
          !id ||
          !isResourceType(type) ||
          TYPE_POLICIES[type].compartment !== 'shared' ||
          !types.includes(type)
        )
          continue
        wanted.set(type, (wanted.get(type) ?? new Set()).add(id))
      }
    }
    const out: StoredVersion[] = []
    for (const [type, ids] of wanted) {
      if (allows(actor, type, 'read')) out.push(...(await this.search.byIds(this.db, actor, type, [...ids])))
    }
    return out
  }
}
