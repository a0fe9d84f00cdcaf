// One audit event: who, what, when, from where, why, outcome, which patient. Shaped like a FHIR R4
// AuditEvent (IHE Basic Audit Log Patterns). References only: never clinical values or free text.
import type { AuditOutcome } from './audit-tables.ts'
import type { Json } from './canonical-json.ts'

export interface AuditRecord {
  /** Dotted name, e.g. `patient.read`, `auth.sign-in`, `break-glass.open`. */
  action: string
  outcome: AuditOutcome
  actorId: string | null
  actorRole: string | null
  sessionId?: string | null
  /** The patient whose compartment this touched (one event per patient). */
  patientId?: string | null
  /** References of what was touched, e.g. `Patient/…`, `Session/…`. */
  entities?: string[]
  /** Why: care-team, break-glass (with the grant's reference in entities), self, scheduling... */
  purpose?: string | null
  requestId?: string | null
  ip?: string | null
  userAgent?: string | null
  /** HTTP status or other short detail code; never a message. */
  detail?: string | null
}

// FHIR AuditEvent.action (http://hl7.org/fhir/audit-event-action) from the verb in our action name.
function fhirAction(action: string): string {
  const verb = action.split('.').at(-1) ?? ''
  if (/^(create|register|invite|open|assign|add)/.test(verb)) return 'C'
  if (/^(read|search|list|view|download|export)/.test(verb)) return 'R'
  if (/^(update|change|rotate|verify|disable|enable)/.test(verb)) return 'U'
  if (/^(delete|remove|revoke|erase)/.test(verb)) return 'D'
  return 'E'
}

// FHIR AuditEvent.outcome: 0 success, 4 minor failure (denied), 8 serious failure.
const OUTCOME_CODE: Record<AuditOutcome, string> = { success: '0', denied: '4', failure: '8' }

export function auditBody(record: AuditRecord, recorded: Date): Record<string, Json> {
  const entities: Json[] = [
    ...(record.patientId
      ? [{ what: { reference: `Patient/${record.patientId}` }, type: { code: '1' } }]
      : []),
    ...(record.entities ?? []).map((reference) => ({ what: { reference } })),
  ]
  return {
    resourceType: 'AuditEvent',
    type: { system: 'urn:tessera:audit', code: record.action },
    action: fhirAction(record.action),
    recorded: recorded.toISOString(),
    outcome: OUTCOME_CODE[record.outcome],
    ...(record.detail ? { outcomeDesc: record.detail } : {}),
    agent: [
      {
        requestor: true,
        who: record.actorId ? { reference: `Account/${record.actorId}` } : { display: 'anonymous' },
        ...(record.actorRole ? { role: [{ text: record.actorRole }] } : {}),
        ...(record.ip ? { network: { address: record.ip, type: '2' } } : {}),
        ...(record.purpose ? { purposeOfUse: [{ text: record.purpose }] } : {}),
      },
    ],
    source: { observer: { display: 'Tessera' }, type: [{ code: '4' }] },
    ...(entities.length ? { entity: entities } : {}),
    extension: [
      ...(record.requestId ? [{ url: 'urn:tessera:request-id', valueString: record.requestId }] : []),
      ...(record.sessionId ? [{ url: 'urn:tessera:session-id', valueString: record.sessionId }] : []),
      ...(record.userAgent
        ? [{ url: 'urn:tessera:user-agent', valueString: record.userAgent.slice(0, 200) }]
        : []),
    ],
  }
}
