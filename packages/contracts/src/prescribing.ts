// Prescribing and pharmacy (issue 10): the medicines catalogue, the clinic's pharmacies, the
// clinician's prescriptions with rule findings as they type, signing with step-up, the pharmacy
// queue (claim, check, dispense, reject, shipped/collected), the controlled-drug register, the
// patient's timeline and repeat requests. The server keeps each prescription as a FHIR
// MedicationRequest, each pharmacy job as a Task and each supply as a MedicationDispense.
import { Type, type Static } from 'typebox'

const Id = Type.String({ format: 'uuid' })
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max })

// ---------- Catalogue ----------

export const MedicationKind = Type.Union([Type.Literal('licensed'), Type.Literal('cbpm')])
export type MedicationKind = Static<typeof MedicationKind>

export const MedicationForm = Type.Union([
  Type.Literal('tablet'),
  Type.Literal('capsule'),
  Type.Literal('oral-solution'),
  Type.Literal('oil'),
  Type.Literal('flower'),
  Type.Literal('spray'),
  Type.Literal('other'),
])
export type MedicationForm = Static<typeof MedicationForm>

export const MedicationBody = Type.Object(
  {
    name: Text(200),
    /** licensed medicine, or a cannabis-based product for medicinal use (unlicensed). */
    kind: MedicationKind,
    form: MedicationForm,
    /** e.g. "50 mg", "10 mg/ml", "THC 18% / CBD <1%". */
    strength: Text(100),
    thcContent: Type.Optional(Text(60)),
    cbdContent: Type.Optional(Text(60)),
    /** UK Misuse of Drugs Regulations 2001 schedule (1-5); absent when not a controlled drug. */
    cdSchedule: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    /** Duplicate-therapy checks compare this (e.g. "ssri", "opioid", "cannabinoid"). */
    therapeuticGroup: Text(60),
    /** Active ingredients, matched against the patient's recorded allergies. */
    ingredients: Type.Array(Text(100), { minItems: 1, maxItems: 10 }),
    /** Unit quantities are counted in: tablet, capsule, ml, g. */
    unit: Text(30),
  },
  { additionalProperties: false },
)
export type MedicationBody = Static<typeof MedicationBody>

export const MedicationView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: MedicationKind,
  form: MedicationForm,
  strength: Type.String(),
  thcContent: Type.Optional(Type.String()),
  cbdContent: Type.Optional(Type.String()),
  cdSchedule: Type.Optional(Type.Integer()),
  therapeuticGroup: Type.String(),
  ingredients: Type.Array(Type.String()),
  unit: Type.String(),
  active: Type.Boolean(),
})
export type MedicationView = Static<typeof MedicationView>
export const MedicationList = Type.Object({ medications: Type.Array(MedicationView) })
export type MedicationList = Static<typeof MedicationList>

// ---------- Pharmacies ----------

export const PharmacyBody = Type.Object(
  { name: Text(200), address: Text(500), phone: Type.Optional(Text(40)) },
  { additionalProperties: false },
)
export type PharmacyBody = Static<typeof PharmacyBody>

export const PharmacyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  address: Type.String(),
  phone: Type.Optional(Type.String()),
  active: Type.Boolean(),
  /** Admin view only: the pharmacists who work its queue. */
  members: Type.Optional(Type.Array(Type.Object({ accountId: Type.String(), displayName: Type.String() }))),
})
export type PharmacyView = Static<typeof PharmacyView>
export const PharmacyList = Type.Object({ pharmacies: Type.Array(PharmacyView) })
export type PharmacyList = Static<typeof PharmacyList>

export const PharmacyMemberBody = Type.Object({ accountId: Id }, { additionalProperties: false })
export type PharmacyMemberBody = Static<typeof PharmacyMemberBody>

// ---------- Prescriptions ----------

export const RouteOfAdministration = Type.Union([
  Type.Literal('oral'),
  Type.Literal('sublingual'),
  Type.Literal('inhalation'),
  Type.Literal('topical'),
])
export type RouteOfAdministration = Static<typeof RouteOfAdministration>

export const PrescriptionDetails = Type.Object(
  {
    /** Structured dose per administration, e.g. {value: 50, unit: "mg"}. */
    dose: Type.Object(
      { value: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }), unit: Text(30) },
      { additionalProperties: false },
    ),
    /** The dose as the patient reads it: "Take one tablet each morning". */
    doseText: Text(500),
    route: RouteOfAdministration,
    /** `times` administrations every `period` `periodUnit` (2 every 1 d = twice a day). */
    frequency: Type.Object(
      {
        times: Type.Integer({ minimum: 1, maximum: 24 }),
        period: Type.Integer({ minimum: 1, maximum: 365 }),
        periodUnit: Type.Union([Type.Literal('h'), Type.Literal('d'), Type.Literal('wk')]),
      },
      { additionalProperties: false },
    ),
    /** The quantity to supply, in figures (in the product's unit). */
    quantity: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
    /** The quantity in words ("thirty"); required, and must agree, for Schedule 2. */
    quantityWords: Type.Optional(Type.String({ maxLength: 200 })),
    daysSupply: Type.Integer({ minimum: 1, maximum: 365 }),
    /** Repeats authorised after this issue (0 = none). */
    repeats: Type.Integer({ minimum: 0, maximum: 12 }),
    /** Minimum days between issues; required when repeats > 0. */
    repeatIntervalDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  },
  { additionalProperties: false },
)
export type PrescriptionDetails = Static<typeof PrescriptionDetails>

export const PrescriptionDraftBody = Type.Object(
  {
    patientId: Id,
    medicationId: Id,
    pharmacyId: Id,
    /** The consultation it was written in (optional; links the Encounter). */
    appointmentId: Type.Optional(Id),
    details: PrescriptionDetails,
  },
  { additionalProperties: false },
)
export type PrescriptionDraftBody = Static<typeof PrescriptionDraftBody>

/** The check as the clinician types: same shape, any field may still be missing. */
export const PrescriptionCheckBody = Type.Object(
  {
    patientId: Id,
    medicationId: Type.Optional(Id),
    pharmacyId: Type.Optional(Id),
    appointmentId: Type.Optional(Id),
    details: Type.Optional(Type.Partial(PrescriptionDetails)),
    /** The draft being edited: it is not its own duplicate. */
    prescriptionId: Type.Optional(Id),
  },
  { additionalProperties: false },
)
export type PrescriptionCheckBody = Static<typeof PrescriptionCheckBody>

export const RuleSeverity = Type.Union([Type.Literal('error'), Type.Literal('warning')])
export type RuleSeverity = Static<typeof RuleSeverity>

export const RuleFinding = Type.Object({
  /** The rule's id (prescribing-rules.ts; also its hazard-log entry). */
  rule: Type.String(),
  severity: RuleSeverity,
  /** The field it is about, e.g. `details/quantityWords`, or `prescriber`, `patient`. */
  field: Type.String(),
  message: Type.String(),
})
export type RuleFinding = Static<typeof RuleFinding>

export const RuleFindings = Type.Object({
  findings: Type.Array(RuleFinding),
  /** No errors (warnings may still need acknowledging). */
  signable: Type.Boolean(),
})
export type RuleFindings = Static<typeof RuleFindings>

export const PrescriptionSignBody = Type.Object(
  {
    /** Ids of the warning rules the prescriber has read and accepts (every warning must be here). */
    acknowledge: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 20 }),
  },
  { additionalProperties: false },
)
export type PrescriptionSignBody = Static<typeof PrescriptionSignBody>

export const PrescriptionStatus = Type.Union([
  Type.Literal('draft'),
  /** Signed: on its way to, or at, the pharmacy. */
  Type.Literal('active'),
  /** Dispensed. */
  Type.Literal('completed'),
  /** Rejected by the pharmacy (back with the prescriber). */
  Type.Literal('cancelled'),
])
export type PrescriptionStatus = Static<typeof PrescriptionStatus>

export const PharmacyTaskState = Type.Union([
  Type.Literal('ready'),
  Type.Literal('claimed'),
  Type.Literal('checked'),
  Type.Literal('dispensed'),
  Type.Literal('rejected'),
  Type.Literal('shipped'),
  Type.Literal('collected'),
])
export type PharmacyTaskState = Static<typeof PharmacyTaskState>

export const TimelineStep = Type.Object({
  step: Type.Union([
    Type.Literal('signed'),
    Type.Literal('at-pharmacy'),
    Type.Literal('dispensed'),
    Type.Literal('shipped'),
    Type.Literal('collected'),
    Type.Literal('rejected'),
  ]),
  at: Type.String(),
})
export type TimelineStep = Static<typeof TimelineStep>

export const PrescriptionView = Type.Object({
  id: Type.String(),
  patientId: Type.String(),
  patientName: Type.String(),
  prescriberId: Type.String(),
  prescriberName: Type.String(),
  status: PrescriptionStatus,
  medication: MedicationView,
  pharmacy: Type.Object({ id: Type.String(), name: Type.String() }),
  appointmentId: Type.Optional(Type.String()),
  details: PrescriptionDetails,
  /** 1 for the first issue; repeats count up. */
  issueNumber: Type.Integer(),
  /** Repeats still authorised after this issue. */
  repeatsRemaining: Type.Integer(),
  signedAt: Type.Optional(Type.String()),
  validUntil: Type.Optional(Type.String()),
  taskState: Type.Optional(PharmacyTaskState),
  /** The pharmacy's reason when it rejected the prescription (prescriber and patient only). */
  rejectReason: Type.Optional(Type.String()),
  timeline: Type.Array(TimelineStep),
  /** Patient view: what "ask the clinic" offers now (a repeat, a review, or nothing while one is pending). */
  canRequest: Type.Optional(Type.Union([Type.Literal('repeat'), Type.Literal('review'), Type.Null()])),
  createdAt: Type.String(),
})
export type PrescriptionView = Static<typeof PrescriptionView>
export const PrescriptionList = Type.Object({ prescriptions: Type.Array(PrescriptionView) })
export type PrescriptionList = Static<typeof PrescriptionList>

export const PrescriptionParams = Type.Object({ prescriptionId: Id }, { additionalProperties: false })
export type PrescriptionParams = Static<typeof PrescriptionParams>
export const PatientPrescriptionParams = Type.Object({ patientId: Id }, { additionalProperties: false })
export type PatientPrescriptionParams = Static<typeof PatientPrescriptionParams>

// ---------- Repeats ----------

export const RepeatRequestKind = Type.Union([Type.Literal('repeat'), Type.Literal('review')])
export type RepeatRequestKind = Static<typeof RepeatRequestKind>
export const RepeatRequestState = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('declined'),
])
export type RepeatRequestState = Static<typeof RepeatRequestState>

export const RepeatRequestBody = Type.Object({ kind: RepeatRequestKind }, { additionalProperties: false })
export type RepeatRequestBody = Static<typeof RepeatRequestBody>

export const RepeatRequestView = Type.Object({
  id: Type.String(),
  prescriptionId: Type.String(),
  patientId: Type.String(),
  patientName: Type.String(),
  medicationName: Type.String(),
  kind: RepeatRequestKind,
  state: RepeatRequestState,
  message: Type.Optional(Type.String()),
  issuedPrescriptionId: Type.Optional(Type.String()),
  createdAt: Type.String(),
  decidedAt: Type.Optional(Type.String()),
})
export type RepeatRequestView = Static<typeof RepeatRequestView>
export const RepeatRequestParams = Type.Object({ requestId: Id }, { additionalProperties: false })
export type RepeatRequestParams = Static<typeof RepeatRequestParams>

export const RepeatApproveBody = PrescriptionSignBody
export type RepeatApproveBody = Static<typeof RepeatApproveBody>
export const RepeatDeclineBody = Type.Object({ message: Text(1000) }, { additionalProperties: false })
export type RepeatDeclineBody = Static<typeof RepeatDeclineBody>

/** The prescriber's queue: repeat requests waiting, and prescriptions a pharmacy returned. */
export const PrescriberQueue = Type.Object({
  requests: Type.Array(RepeatRequestView),
  returned: Type.Array(PrescriptionView),
})
export type PrescriberQueue = Static<typeof PrescriberQueue>

// ---------- Pharmacy ----------

export const PharmacyTaskView = Type.Object({
  id: Type.String(),
  state: PharmacyTaskState,
  prescription: PrescriptionView,
  claimedBy: Type.Optional(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  /** Open longer than the clinic's limit (TESSERA_PHARMACY_TASK_ALERT_HOURS). */
  overdue: Type.Boolean(),
  dispense: Type.Optional(Type.Object({ id: Type.String(), batch: Type.String(), expiry: Type.String() })),
})
export type PharmacyTaskView = Static<typeof PharmacyTaskView>
export const PharmacyTaskList = Type.Object({ tasks: Type.Array(PharmacyTaskView) })
export type PharmacyTaskList = Static<typeof PharmacyTaskList>

export const PharmacyTaskQuery = Type.Object(
  { state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('all')])) },
  { additionalProperties: false },
)
export type PharmacyTaskQuery = Static<typeof PharmacyTaskQuery>
export const PharmacyTaskParams = Type.Object({ taskId: Id }, { additionalProperties: false })
export type PharmacyTaskParams = Static<typeof PharmacyTaskParams>

export const DispenseBody = Type.Object(
  {
    batch: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9./-]+$' }),
    /** Expiry date of the batch, YYYY-MM-DD; must be after today. */
    expiry: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  },
  { additionalProperties: false },
)
export type DispenseBody = Static<typeof DispenseBody>
export const RejectBody = Type.Object({ reason: Text(1000) }, { additionalProperties: false })
export type RejectBody = Static<typeof RejectBody>
export const HandoverBody = Type.Object(
  { method: Type.Union([Type.Literal('shipped'), Type.Literal('collected')]) },
  { additionalProperties: false },
)
export type HandoverBody = Static<typeof HandoverBody>

export const ControlledDrugEntryView = Type.Object({
  entryNo: Type.Integer(),
  suppliedAt: Type.String(),
  medicationName: Type.String(),
  strength: Type.String(),
  cdSchedule: Type.Integer(),
  quantity: Type.Number(),
  unit: Type.String(),
  batch: Type.String(),
  expiry: Type.String(),
  patientName: Type.String(),
  prescriberName: Type.String(),
  pharmacistName: Type.String(),
  prescriptionId: Type.String(),
})
export type ControlledDrugEntryView = Static<typeof ControlledDrugEntryView>
export const ControlledDrugRegister = Type.Object({ entries: Type.Array(ControlledDrugEntryView) })
export type ControlledDrugRegister = Static<typeof ControlledDrugRegister>

export const MedicationParams = Type.Object({ medicationId: Id }, { additionalProperties: false })
export type MedicationParams = Static<typeof MedicationParams>
export const PharmacyParams = Type.Object({ pharmacyId: Id }, { additionalProperties: false })
export type PharmacyParams = Static<typeof PharmacyParams>
export const PharmacyMemberParams = Type.Object(
  { pharmacyId: Id, accountId: Id },
  { additionalProperties: false },
)
export type PharmacyMemberParams = Static<typeof PharmacyMemberParams>
export const RepeatRequestList = Type.Object({ requests: Type.Array(RepeatRequestView) })
export type RepeatRequestList = Static<typeof RepeatRequestList>
export const RepeatApproval = Type.Object({ request: RepeatRequestView, prescription: PrescriptionView })
export type RepeatApproval = Static<typeof RepeatApproval>
