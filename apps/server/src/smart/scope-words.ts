// Scopes in plain words, for the consent screen and the "Connected apps" list. The words describe
// the granted (already narrowed) scopes, so a person is shown exactly what the app will get.
import type { ResourceType } from '../fhir/resource-types.ts'
import { parseScope } from './smart-scopes.ts'

const TYPE_WORDS: Record<ResourceType, string> = {
  Patient: 'personal details (name, date of birth, contact details)',
  Practitioner: "the clinic's practitioners",
  PractitionerRole: "practitioners' roles",
  Organization: "the clinic's details",
  Schedule: 'clinic schedules',
  Slot: 'appointment times',
  Appointment: 'appointments',
  Encounter: 'visits',
  Questionnaire: 'forms',
  QuestionnaireResponse: 'form answers',
  DocumentReference: 'documents',
  Composition: 'clinical notes',
  Medication: 'medicines',
  MedicationRequest: 'prescriptions',
  MedicationDispense: 'dispensed medicines',
  Task: 'tasks',
  Communication: 'messages',
  Consent: 'consents',
  AllergyIntolerance: 'allergies',
  Observation: 'test results and measurements',
}

const IDENTITY_WORDS: Record<string, string> = {
  openid: 'Know that it is you who signed in',
  fhirUser: 'Know who you are in the clinic record (your name and patient record)',
  'launch/patient': 'Know which patient record it is working with (yours)',
  offline_access: 'Keep access while you are not using it, until you disconnect it',
}

function verbs(letters: ReadonlySet<string>): string {
  const words = [
    letters.has('r') ? 'read' : letters.has('s') ? 'search' : null,
    letters.has('c') ? 'add' : null,
    letters.has('u') ? 'change' : null,
    letters.has('d') ? 'delete' : null,
  ].filter((w): w is string => w !== null)
  const text = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? '')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** One sentence per scope, e.g. `patient/Observation.rs` -> "Read your test results and measurements". */
export function describeScope(scope: string): string {
  const identity = IDENTITY_WORDS[scope]
  if (identity) return identity
  const parsed = parseScope(scope)
  if (!parsed) return scope
  const what = parsed.type === '*' ? null : (TYPE_WORDS[parsed.type as ResourceType] ?? parsed.type)
  if (parsed.context === 'patient')
    return `${verbs(parsed.interactions)} ${what ? `your ${what}` : 'your whole record'}`
  return `${verbs(parsed.interactions)} ${what ? `${what} you can see` : 'everything you can see'} in Tessera, as you`
}
