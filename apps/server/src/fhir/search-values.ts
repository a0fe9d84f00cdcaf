// What a resource is found by: each search parameter's official FHIRPath expression evaluated over
// the resource, turned into index rows (normalised strings, system|code tokens, `Type/id`
// references, and date ranges with the precision the value was written with).
import type { Resource } from '@medplum/fhirtypes'
import { searchParamDefinition, type SearchParamDefinition } from './definitions.ts'
import { TYPE_POLICIES, type ResourceType } from './resource-types.ts'

export interface IndexValue {
  param: string
  system: string | null
  value: string | null
  dateStart: Date | null
  dateEnd: Date | null
}

const definitions = new Map<string, SearchParamDefinition>()

export function paramDefinition(type: ResourceType, code: string): SearchParamDefinition {
  const key = `${type}.${code}`
  let def = definitions.get(key)
  if (!def) {
    def = searchParamDefinition(type, code)
    definitions.set(key, def)
  }
  return def
}

/** Case- and accent-insensitive form used for string search (`garcía` finds `Garcia`). */
export function normaliseString(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim()
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

function stringValues(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (!isObj(value)) return []
  // HumanName, Address and the like: every textual part is searchable.
  return Object.entries(value).flatMap(([key, part]) =>
    key === 'use' || key === 'period' || key === 'extension'
      ? []
      : Array.isArray(part)
        ? part.filter((p): p is string => typeof p === 'string')
        : typeof part === 'string'
          ? [part]
          : [],
  )
}

const CONTACT_SYSTEMS = new Set(['phone', 'fax', 'email', 'pager', 'url', 'sms', 'other'])

function tokenValues(value: unknown): Array<{ system: string | null; code: string }> {
  if (typeof value === 'string') return [{ system: null, code: value }]
  if (typeof value === 'boolean') return [{ system: null, code: String(value) }]
  if (!isObj(value)) return []
  if (Array.isArray(value['coding'])) return value['coding'].flatMap(tokenValues)
  const code = str(value['code']) ?? str(value['value'])
  if (!code) return []
  // ContactPoint: the system is the kind (email/phone), not a namespace; email matches any case.
  if (typeof value['system'] === 'string' && CONTACT_SYSTEMS.has(value['system'])) {
    return [{ system: null, code: value['system'] === 'email' ? code.toLowerCase() : code }]
  }
  return [{ system: str(value['system']), code }]
}

/** `Patient/123` (relative) from a Reference or a canonical string. */
function referenceValues(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (isObj(value) && typeof value['reference'] === 'string') return [value['reference']]
  return []
}

const DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/

/** The interval a FHIR date, dateTime or instant stands for, end exclusive; null if unparseable. */
export function dateRange(text: string): { start: Date; end: Date } | null {
  const m = DATE.exec(text)
  if (!m) return null
  const [, y, mo, d, h, mi, s, frac, zone] = m
  const year = Number(y)
  if (!mo) return { start: utc(year, 0, 1), end: utc(year + 1, 0, 1) }
  if (!d) return { start: utc(year, Number(mo) - 1, 1), end: utc(year, Number(mo), 1) }
  if (!h) {
    const start = utc(year, Number(mo) - 1, Number(d))
    return { start, end: new Date(start.getTime() + 86_400_000) }
  }
  const start = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${zone ?? 'Z'}`)
  if (Number.isNaN(start.getTime())) return null
  const step = frac ? 1 : s ? 1000 : 60_000
  return { start, end: new Date(start.getTime() + step) }
}

function utc(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month, day))
}

function dateValues(value: unknown): Array<{ start: Date | null; end: Date | null }> {
  if (typeof value === 'string') {
    const range = dateRange(value)
    return range ? [range] : []
  }
  if (isObj(value) && ('start' in value || 'end' in value)) {
    const start = typeof value['start'] === 'string' ? dateRange(value['start']) : null
    const end = typeof value['end'] === 'string' ? dateRange(value['end']) : null
    return [{ start: start?.start ?? null, end: end?.end ?? null }]
  }
  return []
}

/** Index rows for one resource (its current version). */
export function indexValues(type: ResourceType, resource: Resource): IndexValue[] {
  const rows: IndexValue[] = []
  for (const code of TYPE_POLICIES[type].search) {
    const def = paramDefinition(type, code)
    for (const value of def.evaluate(resource)) {
      const base = { param: code, system: null, value: null, dateStart: null, dateEnd: null }
      switch (def.type) {
        case 'string':
          for (const s of stringValues(value)) rows.push({ ...base, value: normaliseString(s) })
          break
        case 'token':
          for (const t of tokenValues(value)) rows.push({ ...base, system: t.system, value: t.code })
          break
        case 'reference':
        case 'uri':
          for (const r of referenceValues(value)) rows.push({ ...base, value: r })
          break
        case 'date':
          for (const r of dateValues(value)) rows.push({ ...base, dateStart: r.start, dateEnd: r.end })
          break
        case 'number':
        case 'quantity':
          break
      }
    }
  }
  return dedupe(rows)
}

function dedupe(rows: IndexValue[]): IndexValue[] {
  const seen = new Set<string>()
  return rows.filter((r) => {
    const key = `${r.param}\u0000${r.system}\u0000${r.value}\u0000${r.dateStart?.getTime()}\u0000${r.dateEnd?.getTime()}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
