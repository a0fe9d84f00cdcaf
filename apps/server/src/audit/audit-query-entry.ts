// What the staff views show of one stored event: the columns plus the few fields of the
// AuditEvent body they need (purpose, address, detail, references), read defensively: the body is
// stored JSON and older events may lack a field.
import type { AuditEntry } from '@tessera/contracts'
import type { AuditRow } from './audit-query.ts'

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

function requestor(body: Record<string, unknown>): Record<string, unknown> | undefined {
  return record(list(body['agent'])[0])
}

/** `agent[0].purposeOfUse[0].text`: care-team, break-glass, self, scheduling... */
export function purposeOf(body: Record<string, unknown>): string | null {
  return text(record(list(requestor(body)?.['purposeOfUse'])[0])?.['text'])
}

export function ipOf(body: Record<string, unknown>): string | null {
  return text(record(requestor(body)?.['network'])?.['address'])
}

/** Every `entity[].what.reference`, in order. */
export function referencesOf(body: Record<string, unknown>): string[] {
  return list(body['entity'])
    .map((e) => text(record(record(e)?.['what'])?.['reference']))
    .filter((r): r is string => r !== null)
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    time: row.recordedAt.toISOString(),
    action: row.action,
    outcome: row.outcome,
    actor: row.actorId ? { id: row.actorId, displayName: row.actorName } : null,
    actorRole: row.actorRole,
    patient: row.patientId ? { id: row.patientId, displayName: row.patientName } : null,
    purpose: purposeOf(row.body),
    ip: ipOf(row.body),
    detail: text(row.body['outcomeDesc']),
    entities: referencesOf(row.body),
  }
}
