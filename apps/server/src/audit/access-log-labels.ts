// Plain words for the patient's "who viewed my record" (JOURNEYS.md patient step 9): what was
// looked at, from the action name, and why, from the event's purpose of use.
import type { AccessReason } from '@tessera/contracts'

const WHAT: Record<string, string> = {
  'patient.read': 'Your details',
  'patient.search': 'Patient list',
  'care-team.assign': 'Your care team: a clinician was added',
  'break-glass.open': 'Emergency access opened',
  'audit.search': 'The record of who viewed your file',
  'audit.export': 'The record of who viewed your file',
  'audit.people-search': 'Patient list',
}

// By the first part of the action, for actions later modules add before a label exists here.
const WHAT_BY_AREA: Record<string, string> = {
  patient: 'Your details',
  document: 'Your documents',
  message: 'Your messages',
  prescription: 'Your prescriptions',
  encounter: 'Your consultations',
  consult: 'Your consultations',
  appointment: 'Your appointments',
  consent: 'Your consents',
  intake: 'Your health questionnaire',
}

export function whatLabel(action: string): string {
  return WHAT[action] ?? WHAT_BY_AREA[action.split('.')[0] ?? ''] ?? 'Your record'
}

/**
 * Why the person could see the record. The event's purpose says it when the route recorded one;
 * otherwise the role decides (reception works on scheduling; admin and privacy officer on oversight).
 */
export function whyOf(action: string, purpose: string | null, role: string | null): AccessReason {
  if (action === 'break-glass.open' || purpose === 'break-glass') return 'emergency'
  if (purpose === 'care-team') return 'care-team'
  if (purpose === 'scheduling') return 'scheduling'
  if (role === 'reception') return 'scheduling'
  if (role === 'admin' || role === 'privacy-officer' || action.startsWith('audit.')) return 'oversight'
  if (role === 'clinician') return 'care-team'
  return 'other'
}
