// The audit export: CSV (RFC 4180, for spreadsheets) or NDJSON (one event per line, for tools),
// streamed a page at a time so memory stays flat whatever the size of the result.
import { Readable } from 'node:stream'
import type { AuditEntry, AuditExportFormat } from '@tessera/contracts'
import type { AuditFilters, AuditQuery, AuditRow } from './audit-query.ts'
import { toAuditEntry } from './audit-query-entry.ts'
import { fhirAuditEvent } from './audit-query-fhir.ts'

export const CSV_COLUMNS = [
  'id',
  'time',
  'action',
  'outcome',
  'actor_id',
  'actor_name',
  'actor_role',
  'patient_id',
  'patient_name',
  'purpose',
  'ip',
  'detail',
  'entities',
] as const

/**
 * One CSV cell. Spreadsheets run a cell that starts with = + - @ (or tab / CR) as a formula (CSV
 * injection, OWASP): such cells get a leading apostrophe. Cells with a quote, comma or line break
 * are quoted, quotes doubled (RFC 4180 section 2).
 */
export function csvCell(value: string | null): string {
  if (value === null) return ''
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

export function csvLine(cells: ReadonlyArray<string | null>): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

function csvRow(e: AuditEntry): string {
  return csvLine([
    e.id,
    e.time,
    e.action,
    e.outcome,
    e.actor?.id ?? null,
    e.actor?.displayName ?? null,
    e.actorRole,
    e.patient?.id ?? null,
    e.patient?.displayName ?? null,
    e.purpose,
    e.ip,
    e.detail,
    e.entities.join(' '),
  ])
}

/** NDJSON: the staff view of the event plus the stored FHIR AuditEvent it came from. */
function ndjsonRow(row: AuditRow): string {
  return `${JSON.stringify({ ...toAuditEntry(row), event: fhirAuditEvent(row) })}\n`
}

export const EXPORT_CONTENT_TYPE: Record<AuditExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
}

export function exportFileName(format: AuditExportFormat, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
  return `tessera-audit-${stamp}.${format}`
}

async function* exportChunks(
  query: AuditQuery,
  filters: AuditFilters,
  format: AuditExportFormat,
): AsyncGenerator<string> {
  if (format === 'csv') yield csvLine(CSV_COLUMNS)
  for await (const rows of query.pages(filters)) {
    yield rows.map((row) => (format === 'csv' ? csvRow(toAuditEntry(row)) : ndjsonRow(row))).join('')
  }
}

/** A stream that reads the next page only when the client has taken the previous one. */
export function exportStream(query: AuditQuery, filters: AuditFilters, format: AuditExportFormat): Readable {
  return Readable.from(exportChunks(query, filters, format), { objectMode: false })
}
