// The resource types Tessera serves and, per type, who may do what, how a resource belongs to a
// patient, and what can be searched, sorted and included. The routes, the store, the
// CapabilityStatement and the authorisation-matrix test all read this one table.
import type { Role } from '../identity/account-table.ts'
import type { PatientScope } from '../access/access-policy.ts'

export const RESOURCE_TYPES = [
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Schedule',
  'Slot',
  'Appointment',
  'Encounter',
  'Questionnaire',
  'QuestionnaireResponse',
  'DocumentReference',
  'Composition',
  'Medication',
  'MedicationRequest',
  'MedicationDispense',
  'Task',
  'Communication',
  'Consent',
  'AllergyIntolerance',
  'Observation',
] as const

export type ResourceType = (typeof RESOURCE_TYPES)[number]

export function isResourceType(value: string): value is ResourceType {
  return (RESOURCE_TYPES as readonly string[]).includes(value)
}

export interface TypePolicy {
  /**
   * How a resource belongs to a patient: `self` (the Patient itself), the reference search parameter
   * that names its one patient, or `shared` (directory data: practitioners, slots, forms, drugs).
   */
  compartment: 'self' | { param: string } | 'shared'
  /** Which view of a patient the access policy applies: reception sees demographics only. */
  scope: PatientScope
  read: readonly Role[]
  create: readonly Role[]
  update: readonly Role[]
  /** Deletion where clinically allowed; clinical records are marked entered-in-error instead. */
  delete: readonly Role[]
  /** Search parameters beyond the common ones (_id, _lastUpdated), from the R4 SearchParameters. */
  search: readonly string[]
  /** Parameters `_sort` accepts besides _id and _lastUpdated. */
  sort: readonly string[]
  /** `_include` values (`Type:param`) allowed when searching this type. */
  include: readonly string[]
  /** `_revinclude` values (`OtherType:param`) allowed when searching this type. */
  revinclude: readonly string[]
  /**
   * A module owns this type's lifecycle (its own table is the authority): the FHIR API only reads
   * it, and the module writes through `FhirStore.writeManaged`. Names where changes are made.
   */
  managedBy?: string
}

const EVERYONE: readonly Role[] = [
  'patient',
  'clinician',
  'pharmacist',
  'reception',
  'admin',
  'privacy-officer',
]
const CARE: readonly Role[] = ['patient', 'clinician']
const CLINICIAN: readonly Role[] = ['clinician']
const NONE: readonly Role[] = []
/** Prescriptions, pharmacy tasks, dispenses: the pharmacist sees those routed to their pharmacy. */
const PRESCRIBING: readonly Role[] = ['patient', 'clinician', 'pharmacist']

function clinical(param: string, search: readonly string[], more: Partial<TypePolicy> = {}): TypePolicy {
  return {
    compartment: { param },
    scope: 'clinical',
    read: CARE,
    create: CLINICIAN,
    update: CLINICIAN,
    delete: NONE,
    search,
    sort: [],
    include: [],
    revinclude: [],
    ...more,
  }
}

function shared(
  writers: readonly Role[],
  search: readonly string[],
  more: Partial<TypePolicy> = {},
): TypePolicy {
  return {
    compartment: 'shared',
    scope: 'demographics',
    read: EVERYONE,
    create: writers,
    update: writers,
    delete: writers,
    search,
    sort: [],
    include: [],
    revinclude: [],
    ...more,
  }
}

export const TYPE_POLICIES: Record<ResourceType, TypePolicy> = {
  Patient: {
    compartment: 'self',
    scope: 'demographics',
    read: ['patient', 'clinician', 'reception'],
    create: ['clinician', 'reception'],
    update: ['clinician', 'reception'],
    delete: NONE,
    search: ['identifier', 'name', 'family', 'given', 'birthdate', 'email', 'phone'],
    sort: ['family', 'given', 'birthdate'],
    include: [],
    revinclude: ['Appointment:patient', 'Encounter:patient', 'MedicationRequest:patient'],
  },
  Practitioner: shared(['admin'], ['identifier', 'name', 'family', 'given', 'email'], { sort: ['family'] }),
  PractitionerRole: shared(['admin'], ['practitioner', 'organization', 'role', 'specialty'], {
    include: ['PractitionerRole:practitioner', 'PractitionerRole:organization'],
  }),
  Organization: shared(['admin'], ['identifier', 'name', 'type']),
  Schedule: shared(['clinician', 'reception', 'admin'], ['actor', 'active', 'date'], {
    include: ['Schedule:actor'],
  }),
  Slot: shared(['clinician', 'reception', 'admin'], ['schedule', 'start', 'status'], {
    sort: ['start'],
    include: ['Slot:schedule'],
  }),
  Appointment: {
    compartment: { param: 'patient' },
    scope: 'demographics',
    read: ['patient', 'clinician', 'reception'],
    create: NONE,
    update: NONE,
    delete: NONE,
    managedBy: 'the scheduling API (/api/appointments)',
    search: ['patient', 'practitioner', 'date', 'status', 'slot'],
    sort: ['date'],
    include: ['Appointment:patient', 'Appointment:practitioner', 'Appointment:slot'],
    revinclude: ['Encounter:appointment'],
  },
  Encounter: clinical('patient', ['patient', 'date', 'status', 'appointment', 'participant'], {
    sort: ['date'],
    create: NONE,
    update: NONE,
    managedBy: 'the consultation notes API (/api/consult/:appointmentId)',
    include: ['Encounter:patient', 'Encounter:appointment', 'Encounter:participant'],
    revinclude: ['Composition:encounter', 'Observation:encounter'],
  }),
  Questionnaire: shared(['clinician', 'admin'], ['name', 'status', 'url', 'title']),
  QuestionnaireResponse: clinical('patient', ['patient', 'questionnaire', 'status', 'authored'], {
    create: ['patient', 'clinician'],
    update: ['patient', 'clinician'],
    sort: ['authored'],
  }),
  DocumentReference: clinical('patient', ['patient', 'category', 'status', 'date', 'type'], {
    create: ['patient', 'clinician'],
    sort: ['date'],
    include: ['DocumentReference:patient'],
  }),
  Composition: clinical('patient', ['patient', 'encounter', 'date', 'status', 'type', 'author'], {
    sort: ['date'],
    // A signed note is locked: only the notes API (which refuses to change one) writes notes.
    create: NONE,
    update: NONE,
    managedBy: 'the consultation notes API (/api/consult/:appointmentId/note)',
    include: ['Composition:encounter', 'Composition:author'],
  }),
  Medication: shared(NONE, ['code', 'status'], {
    managedBy: 'the medicines catalogue API (/api/admin/medications)',
  }),
  MedicationRequest: clinical(
    'patient',
    ['patient', 'status', 'intent', 'authoredon', 'medication', 'requester'],
    {
      // Signed prescriptions are attestations: only the prescribing API writes them (S17).
      read: PRESCRIBING,
      create: NONE,
      update: NONE,
      managedBy: 'the prescribing API (/api/prescriptions)',
      sort: ['authoredon'],
      include: ['MedicationRequest:patient', 'MedicationRequest:medication', 'MedicationRequest:requester'],
      revinclude: ['MedicationDispense:prescription', 'Task:focus'],
    },
  ),
  MedicationDispense: clinical(
    'patient',
    ['patient', 'prescription', 'status', 'whenhandedover', 'medication'],
    {
      read: PRESCRIBING,
      create: NONE,
      update: NONE,
      managedBy: 'the pharmacy API (/api/pharmacy/tasks)',
      sort: ['whenhandedover'],
      include: ['MedicationDispense:prescription', 'MedicationDispense:medication'],
    },
  ),
  Task: clinical('patient', ['owner', 'status', 'focus', 'patient', 'authored-on'], {
    read: PRESCRIBING,
    create: NONE,
    update: NONE,
    managedBy: 'the prescribing and pharmacy APIs (/api/prescriptions, /api/pharmacy/tasks)',
    sort: ['authored-on'],
    include: ['Task:focus', 'Task:patient', 'Task:owner'],
  }),
  Communication: clinical('patient', ['patient', 'sent', 'recipient', 'sender', 'part-of', 'status'], {
    // Secure messages, projected in the message's transaction (messaging/message-communication.ts);
    // a message is never edited, so the FHIR API only reads them.
    create: NONE,
    update: NONE,
    managedBy: 'the secure messaging API (/api/messages)',
    sort: ['sent'],
    include: ['Communication:part-of', 'Communication:sender', 'Communication:recipient'],
  }),
  Consent: clinical('patient', ['patient', 'status', 'category', 'date'], {
    create: ['patient', 'clinician'],
    update: ['patient', 'clinician'],
    sort: ['date'],
  }),
  AllergyIntolerance: clinical('patient', ['patient', 'clinical-status', 'code', 'date'], { sort: ['date'] }),
  Observation: clinical('patient', ['patient', 'code', 'date', 'status', 'category', 'encounter'], {
    sort: ['date'],
    include: ['Observation:patient', 'Observation:encounter'],
  }),
}

/**
 * Free text a database dump must not reveal (note and message bodies, answers, narratives). The
 * store hands these to its TextProtector (fhir/text-protection.ts); the vault's per-patient keys will
 * encrypt them. They are never put in the search index.
 */
export const PROTECTED_TEXT: Partial<Record<ResourceType, readonly string[]>> = {
  Composition: ['text.div', 'section.text.div', 'section.section.text.div'],
  Communication: ['text.div', 'payload.contentString', 'payload.contentAttachment.data'],
  Observation: ['text.div', 'note.text', 'valueString'],
  AllergyIntolerance: ['text.div', 'note.text', 'reaction.note.text'],
  MedicationRequest: ['text.div', 'note.text'],
  // Answers at every depth the intake forms use (sections > repeating groups > questions), and the
  // titles of uploaded files.
  QuestionnaireResponse: [
    'text.div',
    ...[1, 2, 3, 4].flatMap((depth) => {
      const item = Array.from({ length: depth }, () => 'item').join('.')
      return [`${item}.answer.valueString`, `${item}.answer.valueAttachment.title`]
    }),
  ],
  // The file's name and a clinician's re-upload reason (review extension) are the patient's words too.
  DocumentReference: [
    'text.div',
    'description',
    'content.attachment.data',
    'content.attachment.title',
    'extension.extension.valueString',
  ],
  Encounter: ['text.div'],
}
