// FHIR search parameters in, a search plan out. Strict handling (FHIR R4 3.1.1.3.1): a parameter,
// modifier, prefix, `_sort` key or `_include` we do not support is a 400 that names it, never ignored.
import { AppError, type ErrorDetail } from '../platform/errors.ts'
import { TYPE_POLICIES, type ResourceType } from './resource-types.ts'
import { dateRange, normaliseString, paramDefinition } from './search-values.ts'

export type DatePrefix = 'eq' | 'ne' | 'lt' | 'gt' | 'le' | 'ge' | 'sa' | 'eb' | 'ap'
export interface DateCriterion {
  prefix: DatePrefix
  start: Date
  end: Date
}
export interface TokenCriterion {
  system: string | null | undefined // undefined: any system; null: no system
  code: string | null // null: any code in the system
}

export type Filter =
  | { kind: 'id'; ids: string[] }
  | { kind: 'lastUpdated'; criteria: DateCriterion[] }
  | { kind: 'missing'; param: string; missing: boolean }
  | { kind: 'string'; param: string; contains: boolean; values: string[] }
  | { kind: 'token'; param: string; not: boolean; values: TokenCriterion[] }
  | { kind: 'reference'; param: string; values: string[] }
  | { kind: 'date'; param: string; criteria: DateCriterion[] }

export interface IncludeSpec {
  type: ResourceType
  param: string
}

export interface SearchPlan {
  type: ResourceType
  filters: Filter[]
  sort: Array<{ param: string; desc: boolean }>
  count: number
  offset: number
  summaryCount: boolean
  total: boolean
  include: IncludeSpec[]
  revinclude: IncludeSpec[]
}

export type SearchInput = Record<string, string | string[] | undefined>

export const DEFAULT_COUNT = 20
export const MAX_COUNT = 100
export const MAX_OFFSET = 10_000
const MAX_VALUE_LENGTH = 256
const MAX_OR_VALUES = 20
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DATE_PREFIXES = new Set<string>(['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'sa', 'eb', 'ap'])
/** Result parameters handled by the routes, not the plan. */
export const ROUTE_PARAMETERS = new Set(['_page', '_format'])

function bad(param: string, message: string): AppError {
  const detail: ErrorDetail = { path: param, message }
  return new AppError('invalid', `search parameter ${param}: ${message}`, [detail])
}

/** Values of one parameter occurrence: comma is OR, `\,` is a literal comma. */
function splitValues(param: string, raw: string): string[] {
  if (raw.length > MAX_VALUE_LENGTH * MAX_OR_VALUES) throw bad(param, 'value is too long')
  const values = raw.split(/(?<!\\),/).map((v) => v.replace(/\\([,|$\\])/g, '$1'))
  if (values.length > MAX_OR_VALUES) throw bad(param, `at most ${MAX_OR_VALUES} values`)
  for (const v of values) {
    if (v === '') throw bad(param, 'empty value')
    if (v.length > MAX_VALUE_LENGTH) throw bad(param, `values are limited to ${MAX_VALUE_LENGTH} characters`)
  }
  return values
}

function integer(param: string, raw: string, min: number, max: number): number {
  if (!/^\d{1,6}$/.test(raw)) throw bad(param, 'must be a whole number')
  const n = Number(raw)
  if (n < min || n > max) throw bad(param, `must be between ${min} and ${max}`)
  return n
}

export function parseDate(param: string, raw: string): DateCriterion {
  const prefix = DATE_PREFIXES.has(raw.slice(0, 2)) ? (raw.slice(0, 2) as DatePrefix) : 'eq'
  const text = DATE_PREFIXES.has(raw.slice(0, 2)) ? raw.slice(2) : raw
  const range = dateRange(text)
  if (!range) throw bad(param, `"${text.slice(0, 40)}" is not a FHIR date (YYYY, YYYY-MM-DD or a dateTime)`)
  return { prefix, ...range }
}

function parseToken(raw: string): TokenCriterion {
  const bar = raw.indexOf('|')
  if (bar === -1) return { system: undefined, code: raw }
  const system = raw.slice(0, bar)
  const code = raw.slice(bar + 1)
  return { system: system === '' ? null : system, code: code === '' ? null : code }
}

function parseReference(param: string, raw: string, targets: readonly string[], base: string): string {
  const local = raw.startsWith(`${base}/`) ? raw.slice(base.length + 1) : raw
  if (/^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(local)) return local
  if (/^[A-Za-z0-9\-.]{1,64}$/.test(local)) {
    if (targets.length === 1) return `${targets[0]}/${local}`
    throw bad(param, 'name the type as well, e.g. Patient/<id>')
  }
  throw bad(param, 'must be a reference such as Patient/<id>')
}

function parseSort(type: ResourceType, raw: string): SearchPlan['sort'] {
  const allowed = new Set(['_id', '_lastUpdated', ...TYPE_POLICIES[type].sort])
  return splitValues('_sort', raw).map((key) => {
    const desc = key.startsWith('-')
    const param = desc ? key.slice(1) : key
    if (!allowed.has(param))
      throw bad(
        '_sort',
        `cannot sort ${type} by "${param.slice(0, 40)}"; allowed: ${[...allowed].join(', ')}`,
      )
    return { param, desc }
  })
}

function parseInclude(param: '_include' | '_revinclude', type: ResourceType, raw: string): IncludeSpec[] {
  const allowed = param === '_include' ? TYPE_POLICIES[type].include : TYPE_POLICIES[type].revinclude
  return splitValues(param, raw).map((value) => {
    if (!allowed.includes(value)) {
      throw bad(
        param,
        `"${value.slice(0, 60)}" is not supported on ${type}; allowed: ${allowed.join(', ') || 'none'}`,
      )
    }
    const [source, code] = value.split(':') as [ResourceType, string]
    return { type: source, param: code }
  })
}

function occurrences(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

export function parseSearch(type: ResourceType, input: SearchInput, base: string): SearchPlan {
  const plan: SearchPlan = {
    type,
    filters: [],
    sort: [],
    count: DEFAULT_COUNT,
    offset: 0,
    summaryCount: false,
    total: false,
    include: [],
    revinclude: [],
  }
  const policy = TYPE_POLICIES[type]
  for (const [key, value] of Object.entries(input)) {
    const all = occurrences(value)
    const single = (): string => {
      if (all.length !== 1) throw bad(key, 'give it once')
      return all[0]!
    }
    if (ROUTE_PARAMETERS.has(key)) continue
    switch (key) {
      case '_count': {
        const n = integer(key, single(), 0, MAX_COUNT)
        if (n === 0) plan.summaryCount = true
        else plan.count = n
        continue
      }
      case '_offset':
        plan.offset = integer(key, single(), 0, MAX_OFFSET)
        continue
      case '_sort':
        plan.sort = parseSort(type, single())
        continue
      case '_summary': {
        const v = single()
        if (v !== 'count' && v !== 'false') throw bad(key, 'only "count" (or "false") is supported')
        plan.summaryCount = v === 'count'
        continue
      }
      case '_total': {
        const v = single()
        if (v !== 'none' && v !== 'accurate') throw bad(key, 'must be "none" or "accurate"')
        plan.total = v === 'accurate'
        continue
      }
      case '_include':
      case '_revinclude':
        for (const raw of all)
          plan[key === '_include' ? 'include' : 'revinclude'].push(...parseInclude(key, type, raw))
        continue
      case '_id':
        for (const raw of all) {
          // Our ids are UUIDs: anything else cannot match (and must not reach a uuid cast).
          plan.filters.push({ kind: 'id', ids: splitValues(key, raw).filter((id) => UUID.test(id)) })
        }
        continue
      case '_lastUpdated':
        for (const raw of all)
          plan.filters.push({
            kind: 'lastUpdated',
            criteria: splitValues(key, raw).map((v) => parseDate(key, v)),
          })
        continue
    }
    const [code = '', modifier, ...rest] = key.split(':')
    if (!policy.search.includes(code) || rest.length) {
      throw bad(
        key,
        `unknown search parameter for ${type}; supported: _id, _lastUpdated, ${policy.search.join(', ')}`,
      )
    }
    const def = paramDefinition(type, code)
    for (const raw of all) plan.filters.push(parseFilter(def.type, code, modifier, raw, key, base, type))
  }
  return plan
}

function parseFilter(
  paramType: string,
  code: string,
  modifier: string | undefined,
  raw: string,
  key: string,
  base: string,
  type: ResourceType,
): Filter {
  if (modifier === 'missing') {
    if (raw !== 'true' && raw !== 'false') throw bad(key, 'must be true or false')
    return { kind: 'missing', param: code, missing: raw === 'true' }
  }
  const values = splitValues(key, raw)
  switch (paramType) {
    case 'string':
      if (modifier !== undefined && modifier !== 'contains')
        throw bad(key, `modifier :${modifier} is not supported (use :contains)`)
      return {
        kind: 'string',
        param: code,
        contains: modifier === 'contains',
        values: values.map(normaliseString),
      }
    case 'token':
      if (modifier !== undefined && modifier !== 'not')
        throw bad(key, `modifier :${modifier} is not supported (use :not)`)
      return {
        kind: 'token',
        param: code,
        not: modifier === 'not',
        values: values
          .map(parseToken)
          .map((t) => (code === 'email' && t.code ? { ...t, code: t.code.toLowerCase() } : t)),
      }
    case 'reference':
    case 'uri': {
      if (paramType === 'uri' || code === 'questionnaire') {
        if (modifier !== undefined) throw bad(key, `modifier :${modifier} is not supported`)
        return { kind: 'reference', param: code, values }
      }
      const targets = referenceTargets(type, code, modifier, key)
      return {
        kind: 'reference',
        param: code,
        values: values.map((v) => parseReference(key, v, targets, base)),
      }
    }
    case 'date':
      if (modifier !== undefined) throw bad(key, `modifier :${modifier} is not supported`)
      return { kind: 'date', param: code, criteria: values.map((v) => parseDate(key, v)) }
    default:
      throw bad(key, `${paramType} parameters are not supported`)
  }
}

// Where a reference parameter can point: `patient` params are narrowed to Patient by their expression.
function referenceTargets(
  type: ResourceType,
  code: string,
  modifier: string | undefined,
  key: string,
): string[] {
  if (modifier !== undefined) {
    if (!/^[A-Z][A-Za-z]+$/.test(modifier)) throw bad(key, `modifier :${modifier} is not supported`)
    return [modifier]
  }
  const def = paramDefinition(type, code)
  const narrowed = /resolve\(\) is ([A-Za-z]+)\)/.exec(def.expression)
  return narrowed ? [narrowed[1]!] : [...def.targets]
}
