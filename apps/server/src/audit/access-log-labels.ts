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
  'document.upload': 'Your documents: a document was added',
  'document.list': 'Your documents: the list was viewed',
  'document.download': 'Your documents: a document was opened',
  'document.review': 'Your documents: a document was checked',
  'intake.list': 'Your health questionnaires',
  'intake.read': 'Your answers to a health questionnaire',
  'intake.summary': 'Your answers to your health questionnaires',
  'intake.readiness': 'Whether you are ready for your appointment',
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

// FHIR API events (`fhir.read`, `fhir.search`...) say what by the type of resource they touched.
const WHAT_BY_RESOURCE: Record<string, string> = {
  Patient: 'Your details',
  Appointment: 'Your appointments',
  Encounter: 'Your consultations',
  Composition: 'Your consultation notes',
  Observation: 'Your results and measurements',
  AllergyIntolerance: 'Your allergies',
  MedicationRequest: 'Your prescriptions',
  MedicationDispense: 'Your prescriptions',
  Task: 'Your prescriptions and referrals',
  DocumentReference: 'Your documents',
  Communication: 'Your messages',
  QuestionnaireResponse: 'Your health questionnaire',
  Consent: 'Your consents',
}

export function whatLabel(action: string, references: readonly string[] = []): string {
  if (action === 'fhir.everything') return 'Your whole record'
  if (action.startsWith('fhir.')) {
    // The resource opened names the kind of record; the event's Patient entity is only the whose.
    const types = references.map((reference) => reference.split('/')[0] ?? '')
    const opened = types.find((type) => type !== 'Patient' && WHAT_BY_RESOURCE[type]) ?? types[0] ?? ''
    return WHAT_BY_RESOURCE[opened] ?? 'Your record'
  }
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
