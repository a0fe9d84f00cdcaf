// FHIR R4 AuditEvent search parameters -> our filters, and the searchset Bundle
// (https://hl7.org/fhir/R4/auditevent.html#search, https://hl7.org/fhir/R4/search.html).
// Handling is strict: a value we cannot honour is a 400 naming the parameter, never ignored.
import type { FhirAuditEventBundle, FhirAuditEventSearch } from '@tessera/contracts'
import { AppError } from '../platform/errors.ts'
import type { AuditOutcome } from './audit-tables.ts'
import type { AuditFilters, AuditRow, TimeCondition } from './audit-query.ts'

export const FHIR_DEFAULT_COUNT = 50
export const FHIR_MAX_COUNT = 500
export const FHIR_SEARCH_PARAMETERS = ['patient', 'agent', 'date', 'action', 'outcome', '_count', '_cursor']

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'

function invalid(parameter: string, message: string): AppError {
  return new AppError('invalid', `Search parameter "${parameter}": ${message}`, [
    { path: parameter, message },
  ])
}

/** `Patient/<id>` or a bare id (FHIR reference search, 3.1.1.4.9). */
export function referenceId(parameter: string, value: string, type: string): string {
  const match = new RegExp(`^(?:${type}/)?(${UUID})$`).exec(value)
  if (!match?.[1]) throw invalid(parameter, `expected ${type}/<id> or <id>, where <id> is a UUID`)
  return match[1].toLowerCase()
}

// AuditEvent.outcome codes (http://hl7.org/fhir/audit-event-outcome), and our own words.
const OUTCOMES: Record<string, AuditOutcome> = {
  '0': 'success',
  '4': 'denied',
  '8': 'failure',
  success: 'success',
  denied: 'denied',
  failure: 'failure',
}

const DATE =
  /^(eq|ne|gt|lt|ge|le|sa|eb)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/

/** The range [start, end) a FHIR date value stands for, at its own precision. */
function dateRange(raw: string): { prefix: string; start: Date; end: Date } {
  const m = DATE.exec(raw)
  if (!m)
    throw invalid(
      'date',
      'expected [prefix]YYYY[-MM[-DD[Thh:mm[:ss[.fff]]zone]]], prefix eq|ne|gt|lt|ge|le|sa|eb',
    )
  const [, prefix = 'eq', y, mo, d, h, mi, s, frac, zone] = m
  if (h !== undefined && zone === undefined) throw invalid('date', 'a time needs a zone (Z or +hh:mm)')
  const year = Number(y)
  const month = mo === undefined ? 1 : Number(mo)
  const day = d === undefined ? 1 : Number(d)
  const [hour, minute, second] = [Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)]
  const ms = frac === undefined ? 0 : Math.floor(Number(`0${frac}`) * 1000)
  const offsetMin =
    zone === undefined || zone === 'Z'
      ? 0
      : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)))
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms)
  const check = new Date(local)
  if (
    month < 1 ||
    month > 12 ||
    check.getUTCDate() !== day ||
    check.getUTCMonth() !== month - 1 ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    (zone !== undefined && zone !== 'Z' && (Number(zone.slice(1, 3)) > 14 || Number(zone.slice(4, 6)) > 59))
  )
    throw invalid('date', 'not a real date and time')
  const start = new Date(local - offsetMin * 60_000)
  const end = new Date(start)
  if (mo === undefined) end.setUTCFullYear(end.getUTCFullYear() + 1)
  else if (d === undefined) end.setUTCMonth(end.getUTCMonth() + 1)
  else if (h === undefined) end.setUTCDate(end.getUTCDate() + 1)
  else if (s === undefined) end.setTime(end.getTime() + 60_000)
  else if (frac === undefined) end.setTime(end.getTime() + 1000)
  else end.setTime(end.getTime() + 1)
  return { prefix, start, end }
}

/** A date parameter on an instant (AuditEvent.recorded): FHIR 3.1.1.5.2 prefixes. */
export function dateConditions(raw: string): TimeCondition[] {
  const { prefix, start, end } = dateRange(raw)
  switch (prefix) {
    case 'eq':
      return [
        { op: 'gte', at: start },
        { op: 'lt', at: end },
      ]
    case 'ne':
      return [{ op: 'outside', from: start, to: end }]
    case 'gt':
    case 'sa':
      return [{ op: 'gte', at: end }]
    case 'ge':
      return [{ op: 'gte', at: start }]
    case 'lt':
    case 'eb':
      return [{ op: 'lt', at: start }]
    default: // le
      return [{ op: 'lt', at: end }]
  }
}

export function fhirFilters(query: FhirAuditEventSearch): AuditFilters {
  const filters: AuditFilters = {}
  if (query.patient !== undefined) filters.patientId = referenceId('patient', query.patient, 'Patient')
  if (query.agent !== undefined) filters.actorId = referenceId('agent', query.agent, 'Account')
  if (query.action !== undefined) filters.action = query.action
  if (query.outcome !== undefined) {
    const outcome = OUTCOMES[query.outcome]
    if (!outcome) throw invalid('outcome', 'expected 0, 4 or 8 (or success, denied, failure)')
    filters.outcome = outcome
  }
  if (query.date?.length) filters.time = query.date.flatMap(dateConditions)
  return filters
}

/** Unknown parameters are refused by name (strict handling) before the schema sees them. */
export function assertKnownParameters(query: unknown): void {
  if (typeof query !== 'object' || query === null) return
  for (const name of Object.keys(query)) {
    if (!FHIR_SEARCH_PARAMETERS.includes(name))
      throw new AppError(
        'invalid',
        `Unknown search parameter "${name}". Supported: ${FHIR_SEARCH_PARAMETERS.join(', ')}.`,
        [
          {
            path: name,
            message: `unknown search parameter (supported: ${FHIR_SEARCH_PARAMETERS.join(', ')})`,
          },
        ],
      )
  }
}

/** The same search, at the next page. */
function nextUrl(base: string, query: FhirAuditEventSearch, cursor: string): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (name === '_cursor' || value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, String(v))
  }
  params.set('_cursor', cursor)
  return `${base}/fhir/R4/AuditEvent?${params.toString()}`
}

export function fhirAuditEvent(row: AuditRow): { resourceType: 'AuditEvent'; id: string } {
  return { ...row.body, resourceType: 'AuditEvent', id: row.id }
}

export function searchBundle(
  base: string,
  selfPath: string,
  query: FhirAuditEventSearch,
  page: { rows: AuditRow[]; nextCursor: string | null },
): FhirAuditEventBundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    link: [
      { relation: 'self', url: `${base}${selfPath}` },
      ...(page.nextCursor ? [{ relation: 'next', url: nextUrl(base, query, page.nextCursor) }] : []),
    ],
    entry: page.rows.map((row) => ({
      fullUrl: `${base}/fhir/R4/AuditEvent/${row.id}`,
      resource: fhirAuditEvent(row),
      search: { mode: 'match' as const },
    })),
  }
}
