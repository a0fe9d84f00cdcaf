// Valid, realistic FHIR R4 resources of every type Tessera serves, for tests, and a catalogue of
// invalid ones with the location the validator must name. Patient data in the samples carries
// SAMPLE_CANARY, so a test can assert it never reaches a log, an error or another patient; the
// free text the store protects (fhir/resource-types.ts PROTECTED_TEXT) also carries
// SAMPLE_NOTE_CANARY, and nothing else does, so a database dump can be searched for it.
import type { Reference, Resource } from '@medplum/fhirtypes'
import type { ResourceType } from '../fhir/resource-types.ts'
import { MAX_DEPTH } from '../fhir/validation/limits.ts'

/** In every sample that holds patient data: names, e-mail, notes, messages, answers. */
export const SAMPLE_CANARY = 'Zebrafinch'
/** Only in the protected free text: note.text, Communication.payload.contentString, section divs. */
export const SAMPLE_NOTE_CANARY = 'Quokkaberry'
/** The canonical URL of the sample Questionnaire, which QuestionnaireResponse samples answer. */
export const SAMPLE_QUESTIONNAIRE_URL = 'https://tessera.example/fhir/Questionnaire/intake'

/** Ids the samples refer to. Without an optional id, a sample names that party by display only. */
export interface SampleRefs {
  patientId: string
  practitionerId?: string
  organizationId?: string
  scheduleId?: string
  slotId?: string
  appointmentId?: string
  encounterId?: string
  medicationId?: string
  medicationRequestId?: string
}

const SNOMED = 'http://snomed.info/sct'
const LOINC = 'http://loinc.org'
const UCUM = 'http://unitsofmeasure.org'
const MRN = 'https://tessera.example/fhir/sid/mrn'
const NOTE = `${SAMPLE_NOTE_CANARY}: ${SAMPLE_CANARY} tolerated the first dose well; review in two weeks.`

function ref(type: string, id: string | undefined, display: string): Reference {
  return id ? { reference: `${type}/${id}`, display } : { display }
}

function concept(system: string, code: string, display: string): { coding: [object]; text: string } {
  return { coding: [{ system, code, display }], text: display }
}

/** A valid resource of `type`, naming `Patient/<refs.patientId>` where its compartment lies. */
export function sampleResource(type: ResourceType, refs: SampleRefs): Resource {
  return SAMPLES[type](refs) as Resource
}

const SAMPLES: Record<ResourceType, (r: SampleRefs) => object> = {
  Patient: (r) => ({
    resourceType: 'Patient',
    identifier: [{ use: 'usual', system: MRN, value: 'MRN-204817' }],
    active: true,
    name: [{ use: 'official', family: SAMPLE_CANARY, given: ['Mira', 'Ilse'] }],
    telecom: [
      { system: 'email', value: `mira.${SAMPLE_CANARY.toLowerCase()}@patient.example`, use: 'home' },
      { system: 'phone', value: '+31 20 555 0142', use: 'mobile' },
    ],
    gender: 'female',
    birthDate: '1984-03-17',
    address: [
      { use: 'home', line: ['Kanaalstraat 12'], city: 'Utrecht', postalCode: '3531 CJ', country: 'NL' },
    ],
    communication: [{ language: concept('urn:ietf:bcp:47', 'nl', 'Dutch'), preferred: true }],
    ...(r.practitionerId
      ? { generalPractitioner: [ref('Practitioner', r.practitionerId, 'Dr Ada Quill')] }
      : {}),
    ...(r.organizationId
      ? { managingOrganization: ref('Organization', r.organizationId, 'Lindenhof Clinic') }
      : {}),
  }),
  Practitioner: () => ({
    resourceType: 'Practitioner',
    identifier: [{ system: 'https://tessera.example/fhir/sid/staff', value: 'STAFF-0042' }],
    active: true,
    name: [{ use: 'official', family: 'Quill', given: ['Ada'], prefix: ['Dr'] }],
    telecom: [{ system: 'email', value: 'ada.quill@clinic.example', use: 'work' }],
    gender: 'female',
    qualification: [{ code: { text: 'General practitioner' }, period: { start: '2009-09-01' } }],
  }),
  PractitionerRole: (r) => ({
    resourceType: 'PractitionerRole',
    active: true,
    practitioner: ref('Practitioner', r.practitionerId, 'Dr Ada Quill'),
    organization: ref('Organization', r.organizationId, 'Lindenhof Clinic'),
    code: [concept('http://terminology.hl7.org/CodeSystem/practitioner-role', 'doctor', 'Doctor')],
    specialty: [concept(SNOMED, '394814009', 'General practice')],
    availableTime: [
      { daysOfWeek: ['mon', 'tue', 'thu'], availableStartTime: '08:30:00', availableEndTime: '17:00:00' },
    ],
  }),
  Organization: () => ({
    resourceType: 'Organization',
    identifier: [{ system: 'https://tessera.example/fhir/sid/org', value: 'ORG-7' }],
    active: true,
    type: [concept('http://terminology.hl7.org/CodeSystem/organization-type', 'prov', 'Healthcare Provider')],
    name: 'Lindenhof Clinic',
    telecom: [{ system: 'phone', value: '+31 30 555 0100', use: 'work' }],
    address: [{ line: ['Lindenlaan 1'], city: 'Utrecht', postalCode: '3511 AA', country: 'NL' }],
  }),
  Schedule: (r) => ({
    resourceType: 'Schedule',
    active: true,
    serviceType: [concept(SNOMED, '11429006', 'Consultation')],
    actor: [ref('Practitioner', r.practitionerId, 'Dr Ada Quill')],
    planningHorizon: { start: '2025-06-02T08:00:00+02:00', end: '2025-06-30T17:00:00+02:00' },
    comment: 'Morning consultations',
  }),
  Slot: (r) => ({
    resourceType: 'Slot',
    schedule: ref('Schedule', r.scheduleId, 'Dr Quill, mornings'),
    status: 'free',
    start: '2025-06-03T09:00:00+02:00',
    end: '2025-06-03T09:15:00+02:00',
  }),
  Appointment: (r) => ({
    resourceType: 'Appointment',
    status: 'booked',
    serviceType: [concept(SNOMED, '11429006', 'Consultation')],
    description: 'Follow-up on blood pressure',
    start: '2025-06-03T09:00:00+02:00',
    end: '2025-06-03T09:15:00+02:00',
    minutesDuration: 15,
    ...(r.slotId ? { slot: [ref('Slot', r.slotId, '3 June, 09:00')] } : {}),
    created: '2025-05-20T14:02:11+02:00',
    participant: [
      {
        actor: ref('Patient', r.patientId, `Mira ${SAMPLE_CANARY}`),
        required: 'required',
        status: 'accepted',
      },
      {
        actor: ref('Practitioner', r.practitionerId, 'Dr Ada Quill'),
        required: 'required',
        status: 'accepted',
      },
    ],
  }),
  Encounter: (r) => ({
    resourceType: 'Encounter',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
    type: [concept(SNOMED, '11429006', 'Consultation')],
    subject: ref('Patient', r.patientId, `Mira ${SAMPLE_CANARY}`),
    participant: [{ individual: ref('Practitioner', r.practitionerId, 'Dr Ada Quill') }],
    ...(r.appointmentId ? { appointment: [ref('Appointment', r.appointmentId, '3 June, 09:00')] } : {}),
    period: { start: '2025-06-03T09:02:00+02:00', end: '2025-06-03T09:14:00+02:00' },
    reasonCode: [concept(SNOMED, '38341003', 'Hypertension')],
  }),
  Questionnaire: () => ({
    resourceType: 'Questionnaire',
    url: SAMPLE_QUESTIONNAIRE_URL,
    name: 'IntakeForm',
    title: 'New patient intake',
    status: 'active',
    subjectType: ['Patient'],
    date: '2025-01-15',
    item: [
      { linkId: 'allergies', text: 'Do you have any allergies?', type: 'boolean', required: true },
      {
        linkId: 'allergies-detail',
        text: 'Which allergies?',
        type: 'text',
        enableWhen: [{ question: 'allergies', operator: '=', answerBoolean: true }],
      },
      {
        linkId: 'smoking',
        text: 'Do you smoke?',
        type: 'choice',
        answerOption: [
          { valueCoding: { system: SNOMED, code: '8517006', display: 'Ex-smoker' } },
          { valueCoding: { system: SNOMED, code: '266919005', display: 'Never smoked' } },
        ],
      },
    ],
  }),
  QuestionnaireResponse: (r) => ({
    resourceType: 'QuestionnaireResponse',
    questionnaire: SAMPLE_QUESTIONNAIRE_URL,
    status: 'completed',
    subject: ref('Patient', r.patientId, `Mira ${SAMPLE_CANARY}`),
    authored: '2025-05-28T19:41:07+02:00',
    author: ref('Patient', r.patientId, `Mira ${SAMPLE_CANARY}`),
    item: [
      { linkId: 'allergies', text: 'Do you have any allergies?', answer: [{ valueBoolean: true }] },
      {
        linkId: 'allergies-detail',
        answer: [{ valueString: `${SAMPLE_CANARY}: penicillin, hives as a child` }],
      },
      {
        linkId: 'smoking',
        answer: [{ valueCoding: { system: SNOMED, code: '266919005', display: 'Never smoked' } }],
      },
    ],
  }),
  DocumentReference: (r) => ({
    resourceType: 'DocumentReference',
    status: 'current',
    docStatus: 'final',
    type: concept(LOINC, '34133-9', 'Summary of episode note'),
    category: [concept('http://loinc.org', '11506-3', 'Progress note')],
    subject: ref('Patient', r.patientId, `Mira ${SAMPLE_CANARY}`),
    date: '2025-06-03T10:05:00+02:00',
    author: [ref('Practitioner', r.practitionerId, 'Dr Ada Quill')],
    description: 'Consultation summary',
    content: [
      {
        attachment: {
          contentType: 'text/plain',
          language: 'en',
          data: Buffer.from(`Summary for ${SAMPLE_CANARY}: blood pressure 142/91.`).toString('base64'),
          title: 'summary.txt',
          creation: '2025-06-03T10:04:00+02:00',
        },
      },
    ],
    ...(r.encounterId
      ? { context: { encounter: [ref('Encounter', r.encounterId, '3 June consultation')] } }
      : {}),
  }),
  Composition: (r) => ({
    resourceType: 'Composition',
    status: 'final',
    type: concept(LOINC, '11488-4', 'Consult note'),
    subject: ref('Patient', r.patientId, `Mira ${SAMPLE_CANARY}`),
    ...(r.encounterId ? { encounter: ref('Encounter', r.encounterId, '3 June consultation') } : {}),
    date: '2025-06-03T10:00:00+02:00',
    author: [ref('Practitioner', r.practitionerId, 'Dr Ada Quill')],
    title: 'Consultation note',
    confidentiality: 'N',
    section: [
      {
        title: 'Assessment',
        code: concept(LOINC, '51848-0', 'Evaluation note'),
        text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${NOTE}</p></div>` },
      },
    ],
  }),
  Medication: () => ({
    resourceType: 'Medication',
    code: amlodipine(),
    status: 'active',
    form: concept(SNOMED, '385055001', 'Tablet'),
  }),
  MedicationRequest: (r) => ({
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    ...medication(r),
    subject: ref('Patient', r.patientId, `Mira ${SAMPLE_CANARY}`),
    ...(r.encounterId ? { encounter: ref('Encounter', r.encounterId, '3 June consultation') } : {}),
    authoredOn: '2025-06-03T09:12:00+02:00',
    requester: ref('Practitioner', r.practitionerId, 'Dr Ada Quill'),
    note: [{ text: NOTE }],
    dosageInstruction: [dosage()],
    dispenseRequest: { numberOfRepeatsAllowed: 2, quantity: { value: 30, unit: 'tablet' } },
  }),
  MedicationDispense: (r) => ({
    resourceType: 'MedicationDispense',
    status: 'completed',
    ...medication(r),
    subject: ref('Patient', r.patientId, `Mira ${SAMPLE_CANARY}`),
    ...(r.medicationRequestId
      ? { authorizingPrescription: [ref('MedicationRequest', r.medicationRequestId, 'Amlodipine 5 mg')] }
      : {}),
    quantity: { value: 30, unit: 'tablet' },
    daysSupply: { value: 30, unit: 'day', system: UCUM, code: 'd' },
    whenPrepared: '2025-06-03T15:20:00+02:00',
    whenHandedOver: '2025-06-03T15:31:00+02:00',
    dosageInstruction: [dosage()],
  }),
  Task: (r) => ({
    resourceType: 'Task',
    status: 'requested',
    intent: 'order',
    priority: 'routine',
    code: concept('http://hl7.org/fhir/CodeSystem/task-code', 'fulfill', 'Fulfill the focal request'),
    description: 'Dispense the amlodipine prescription',
    ...(r.medicationRequestId
      ? { focus: ref('MedicationRequest', r.medicationRequestId, 'Amlodipine 5 mg') }
      : {}),
    for: ref('Patient', r.patientId, `Mira ${SAMPLE_CANARY}`),
    authoredOn: '2025-06-03T09:13:00+02:00',
    lastModified: '2025-06-03T09:13:00+02:00',
    requester: ref('Practitioner', r.practitionerId, 'Dr Ada Quill'),
    ...(r.organizationId ? { owner: ref('Organization', r.organizationId, 'Lindenhof Clinic') } : {}),
  }),
  Communication: (r) => ({
    resourceType: 'Communication',
    status: 'completed',
    category: [
      concept('http://terminology.hl7.org/CodeSystem/communication-category', 'notification', 'Notification'),
    ],
    subject: ref('Patient', r.patientId, `Mira ${SAMPLE_CANARY}`),
    sent: '2025-06-04T08:15:00+02:00',
    recipient: [ref('Patient', r.patientId, `Mira ${SAMPLE_CANARY}`)],
    sender: ref('Practitioner', r.practitionerId, 'Dr Ada Quill'),
    payload: [{ contentString: NOTE }],
  }),
  Consent: (r) => ({
    resourceType: 'Consent',
    status: 'active',
    scope: concept(
      'http://terminology.hl7.org/CodeSystem/consentscope',
      'patient-privacy',
      'Privacy Consent',
    ),
    category: [concept(LOINC, '59284-0', 'Patient Consent')],
    patient: ref('Patient', r.patientId, `Mira ${SAMPLE_CANARY}`),
    dateTime: '2025-05-20T14:05:00+02:00',
    performer: [ref('Patient', r.patientId, `Mira ${SAMPLE_CANARY}`)],
    ...(r.organizationId
      ? { organization: [ref('Organization', r.organizationId, 'Lindenhof Clinic')] }
      : {}),
    policyRule: concept('http://terminology.hl7.org/CodeSystem/v3-ActCode', 'OPTIN', 'opt-in'),
    provision: { type: 'permit', period: { start: '2025-05-20', end: '2026-05-20' } },
  }),
  AllergyIntolerance: (r) => ({
    resourceType: 'AllergyIntolerance',
    clinicalStatus: concept(
      'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
      'active',
      'Active',
    ),
    verificationStatus: concept(
      'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
      'confirmed',
      'Confirmed',
    ),
    type: 'allergy',
    category: ['medication'],
    criticality: 'high',
    code: concept(SNOMED, '764146007', 'Penicillin'),
    patient: ref('Patient', r.patientId, `Mira ${SAMPLE_CANARY}`),
    onsetDateTime: '1991',
    recordedDate: '2025-06-03T09:10:00+02:00',
    recorder: ref('Practitioner', r.practitionerId, 'Dr Ada Quill'),
    note: [{ text: NOTE }],
    reaction: [{ manifestation: [concept(SNOMED, '247472004', 'Hives')], severity: 'moderate' }],
  }),
  Observation: (r) => ({
    resourceType: 'Observation',
    status: 'final',
    category: [
      concept('http://terminology.hl7.org/CodeSystem/observation-category', 'vital-signs', 'Vital Signs'),
    ],
    code: concept(LOINC, '29463-7', 'Body weight'),
    subject: ref('Patient', r.patientId, `Mira ${SAMPLE_CANARY}`),
    ...(r.encounterId ? { encounter: ref('Encounter', r.encounterId, '3 June consultation') } : {}),
    effectiveDateTime: '2025-06-03T09:05:00+02:00',
    issued: '2025-06-03T09:06:12.345+02:00',
    performer: [ref('Practitioner', r.practitionerId, 'Dr Ada Quill')],
    valueQuantity: { value: 72.5, unit: 'kg', system: UCUM, code: 'kg' },
    note: [{ text: NOTE }],
  }),
}

function amlodipine(): object {
  return concept('http://www.nlm.nih.gov/research/umls/rxnorm', '197361', 'Amlodipine 5 MG Oral Tablet')
}

function medication(r: SampleRefs): object {
  const display = 'Amlodipine 5 mg tablet'
  return r.medicationId
    ? { medicationReference: ref('Medication', r.medicationId, display) }
    : { medicationCodeableConcept: amlodipine() }
}

function dosage(): object {
  return {
    text: 'One tablet by mouth every morning',
    timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd', when: ['MORN'] } },
    route: concept(SNOMED, '26643006', 'Oral route'),
    doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablet' } }],
  }
}

export interface BrokenSample {
  name: string
  type: ResourceType
  body: unknown
  /** A detail of the refusal must name exactly this location. */
  expectPath: string
}

const BROKEN_REFS: SampleRefs = { patientId: 'p-1', practitionerId: 'pr-1', encounterId: 'e-1' }

/** `type`'s sample with `changes` applied: path (`a.b[0].c`) -> new value, `undefined` deletes. */
function broken(type: ResourceType, changes: Record<string, unknown>): Record<string, unknown> {
  const body = structuredClone(sampleResource(type, BROKEN_REFS)) as unknown as Record<string, unknown>
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.')
    const last = keys.pop() ?? ''
    // A path the sample lacks throws here, so a stale catalogue fails its test instead of passing.
    const target = keys.reduce((node, key) => node[key] as Record<string, unknown>, body)
    if (value === undefined) delete target[last]
    else target[last] = value
  }
  return body
}

function nested(depth: number): { value: object; path: string } {
  let value: object = { url: 'https://tessera.example/x', valueString: 'leaf' }
  for (let i = 1; i < depth; i++) value = { url: 'https://tessera.example/x', extension: [value] }
  // The first value past MAX_DEPTH; each level is an array and an object.
  return { value, path: `Patient${'.extension[0]'.repeat(MAX_DEPTH / 2)}` }
}

/** Bad inputs, each with the location the validator must name. */
export function brokenSamples(): BrokenSample[] {
  const deep = nested(60)
  const xhtml = (inner: string) => ({
    status: 'generated',
    div: `<div xmlns="http://www.w3.org/1999/xhtml">${inner}</div>`,
  })
  const many = Array.from({ length: 1001 }, (_, i) => ({ system: MRN, value: `x${i}` }))
  const location = { resourceType: 'Location', id: 'l1', name: 'Room 4' }
  const script = xhtml('<p>Hi</p><script>alert(1)</script>')
  const onerror = xhtml('<img src="x.png" alt="x" onerror="alert(1)"/>')
  const hiddenJs = xhtml('<a href="jav&#x09;ascript&colon;x">a</a>').div
  const notDiv = { status: 'generated', div: 'plain words' }
  // [name, location in the type's sample, new value (undefined deletes), expected path if not the location]
  const cases: Array<[string, string, unknown, string?]> = [
    ['no resourceType', 'Slot.resourceType', undefined],
    ['date in the wrong format', 'Patient.birthDate', '17-03-1984'],
    ['date that does not exist', 'Patient.birthDate', '1984-02-30'],
    ['dateTime with a time but no time zone', 'Observation.effectiveDateTime', '2025-06-03T09:05:00'],
    ['instant without time zone', 'Slot.start', '2025-06-03T09:00:00'],
    ['gender outside its value set', 'Patient.gender', 'bogus'],
    ['appointment status outside its value set', 'Appointment.status', 'nope'],
    ['participant status outside its value set', 'Appointment.participant[1].status', 'maybe'],
    ['telecom system outside its value set', 'Patient.telecom[0].system', 'pigeon'],
    ['coding outside its value set', 'AllergyIntolerance.clinicalStatus.coding[0].code', 'maybe'],
    ['no coding of its value set', 'AllergyIntolerance.clinicalStatus', { text: 'active' }],
    ['confidentiality outside the v3 value set', 'Composition.confidentiality', 'Q'],
    ['question type outside its value set', 'Questionnaire.item[0].type', 'yesno'],
    ['unit outside its value set', 'MedicationRequest.dosageInstruction[0].timing.repeat.periodUnit', 'week'],
    ['missing required status', 'Observation.status', undefined],
    ['missing required code', 'Observation.code', undefined],
    ['missing required class', 'Encounter.class', undefined],
    ['missing required scope', 'Consent.scope', undefined],
    ['missing required end', 'Slot.end', undefined],
    ['missing required value in a backbone element', 'Appointment.participant[0].status', undefined],
    ['unknown element', 'Patient.favouriteColour', 'teal'],
    ['unknown element named like an Object method', 'Patient.constructor', 'x'],
    ['unknown element in a datatype', 'Patient.name[0].nickname', 'Mo'],
    ['over-long name', 'Patient.name[0].family', 'x'.repeat(8193)],
    ['over-long message body', 'Communication.payload[0].contentString', 'x'.repeat(65537)],
    ['script in narrative', 'Patient.text', script, 'Patient.text.div'],
    ['event handler in narrative', 'Patient.text', onerror, 'Patient.text.div'],
    ['hidden javascript: link', 'Composition.section[0].text.div', hiddenJs],
    ['narrative that is not a div', 'Patient.text', notDiv, 'Patient.text.div'],
    ['single value where an array is expected', 'Patient.name', { family: SAMPLE_CANARY, given: ['Mira'] }],
    ['array where a single value is expected', 'Patient.birthDate', ['1984-03-17']],
    ['string where an array of strings is expected', 'Patient.name[0].given', 'Mira'],
    ['empty array', 'Patient.telecom', []],
    ['null in an array', 'Patient.telecom[0]', null],
    ['blank string', 'Patient.name[0].family', '  '],
    ['number where a string is expected', 'Patient.name[0].family', 42],
    ['string where a number is expected', 'Observation.valueQuantity.value', '72.5'],
    ['number where an object is expected', 'Observation.valueQuantity', 72.5],
    ['two types for one choice element', 'Observation.valueString', '72.5 kg'],
    ['reference to a type not allowed', 'Observation.subject.reference', 'Practitioner/1'],
    ['invalid id', 'Patient.id', 'no spaces allowed'],
    ['attachment data that is not base64', 'DocumentReference.content[0].attachment.data', 'not base64!'],
    ['invariant app-2: end without start', 'Appointment.start', undefined, 'Appointment'],
    ['invariant mdd-1', 'MedicationDispense.whenHandedOver', '2025-06-01T10:00:00Z', 'MedicationDispense'],
    ['contained type not served', 'Patient.contained', [location], 'Patient.contained[0].resourceType'],
    ['primitive extension that is not an object', 'Patient._birthDate', 5, 'Patient.birthDate'],
    ['nesting too deep', 'Patient.extension', [deep.value], deep.path],
    ['too many array items', 'Patient.identifier', many],
  ]
  return [
    {
      name: 'body is an array',
      type: 'Patient',
      body: [sampleResource('Patient', BROKEN_REFS)],
      expectPath: 'Patient',
    },
    { name: 'body is a string', type: 'Patient', body: 'Patient', expectPath: 'Patient' },
    {
      name: 'wrong resourceType',
      type: 'Patient',
      body: broken('Practitioner', {}),
      expectPath: 'resourceType',
    },
    ...cases.map(([name, at, value, expectPath]) => {
      const type = at.slice(0, at.indexOf('.')) as ResourceType
      const path = at.slice(type.length + 1)
      return {
        name,
        type,
        body: broken(type, { [path]: value }),
        expectPath: expectPath ?? (path === 'resourceType' ? path : at),
      }
    }),
  ]
}
