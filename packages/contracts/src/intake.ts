// Intake forms (issue 7): the clinic's FHIR R4 Questionnaires, the patient's QuestionnaireResponses
// (saved as they go, submitted once), the clinician's read-only summary and the per-patient
// readiness view. Questionnaire and QuestionnaireResponse travel as FHIR JSON: their structure is
// checked by the server's R4 validator and the form engine (@tessera/questionnaire), not here.
import { Type, type Static } from 'typebox'
import { Uuid } from './auth.ts'
import { DocumentCategory } from './documents.ts'

/** A FHIR resource as JSON (checked by the FHIR validator, not by this schema). */
export const FhirJson = Type.Object(
  { resourceType: Type.String({ maxLength: 64 }) },
  { additionalProperties: true },
)
export type FhirJson = Static<typeof FhirJson>

/** A form's canonical url (`urn:tessera:questionnaire:phq-9`), without `|version`. */
export const FormUrl = Type.String({ minLength: 1, maxLength: 1024 })

export const IntakeFormStatus = Type.Union([
  Type.Literal('not-started'),
  Type.Literal('in-progress'),
  Type.Literal('submitted'),
])
export type IntakeFormStatus = Static<typeof IntakeFormStatus>

// ---------- Admin: the form library ----------

export const QuestionnaireVersionView = Type.Object({
  /** The Questionnaire resource id (one per version). */
  id: Type.String(),
  url: Type.String(),
  version: Type.String(),
  title: Type.String(),
  status: Type.String(),
  importedAt: Type.String(),
  /** Questions (not groups or display text) in this version. */
  questions: Type.Integer(),
})
export type QuestionnaireVersionView = Static<typeof QuestionnaireVersionView>

export const IntakeFormDefinition = Type.Object({
  url: Type.String(),
  title: Type.String(),
  /** Patients must complete it (the clinic setting). */
  required: Type.Boolean(),
  /** Newest first; the newest active one is what new patients start. */
  versions: Type.Array(QuestionnaireVersionView),
})
export type IntakeFormDefinition = Static<typeof IntakeFormDefinition>

export const IntakeFormLibrary = Type.Object({
  forms: Type.Array(IntakeFormDefinition),
  /** Document categories that must be verified before an appointment (readiness), in the clinic's order. */
  requiredDocuments: Type.Array(DocumentCategory),
})
export type IntakeFormLibrary = Static<typeof IntakeFormLibrary>

export const RequiredFormsBody = Type.Object(
  { urls: Type.Array(FormUrl, { maxItems: 20, uniqueItems: true }) },
  { additionalProperties: false },
)
export type RequiredFormsBody = Static<typeof RequiredFormsBody>

/** The document categories readiness asks for; an empty list asks for none. */
export const RequiredDocumentsBody = Type.Object(
  { categories: Type.Array(DocumentCategory, { maxItems: 5, uniqueItems: true }) },
  { additionalProperties: false },
)
export type RequiredDocumentsBody = Static<typeof RequiredDocumentsBody>

export const QuestionnaireIdParams = Type.Object({ questionnaireId: Uuid }, { additionalProperties: false })

// ---------- Patient: filling in ----------

export const IntakeFormEntry = Type.Object({
  url: Type.String(),
  title: Type.String(),
  status: IntakeFormStatus,
  /** Share of the enabled questions answered (100 once submitted). */
  percent: Type.Integer({ minimum: 0, maximum: 100 }),
  /** The version answered (or, before starting, the one that will be). */
  version: Type.String(),
  updatedAt: Type.Optional(Type.String()),
  submittedAt: Type.Optional(Type.String()),
})
export type IntakeFormEntry = Static<typeof IntakeFormEntry>

export const IntakeFormList = Type.Object({ forms: Type.Array(IntakeFormEntry) })
export type IntakeFormList = Static<typeof IntakeFormList>

export const IntakeStartBody = Type.Object({ url: FormUrl }, { additionalProperties: false })
export type IntakeStartBody = Static<typeof IntakeStartBody>

/** A response opened to fill in (in-progress) or to read back (completed), with its questionnaire version. */
export const IntakeSession = Type.Object({
  responseId: Type.String(),
  /** The response's version: send it back with the next save (a stale one is a 412). */
  version: Type.Integer(),
  status: Type.Union([Type.Literal('in-progress'), Type.Literal('completed')]),
  /** The section the patient was on when they last saved (0-based). */
  section: Type.Integer(),
  questionnaire: FhirJson,
  response: FhirJson,
})
export type IntakeSession = Static<typeof IntakeSession>

export const IntakeResponseParams = Type.Object(
  { patientId: Uuid, responseId: Uuid },
  { additionalProperties: false },
)

/**
 * The answers as they stand. `questionnaire` is the `url|version` the client believes it answers
 * (another version is refused); the server sets subject, status, author and dates itself.
 */
export const IntakeAnswersBody = Type.Object(
  {
    questionnaire: Type.String({ minLength: 1, maxLength: 1100 }),
    item: Type.Array(Type.Unknown(), { maxItems: 500 }),
    section: Type.Integer({ minimum: 0, maximum: 999 }),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
)
export type IntakeAnswersBody = Static<typeof IntakeAnswersBody>

export const IntakeSaved = Type.Object({
  version: Type.Integer(),
  savedAt: Type.String(),
  status: Type.Union([Type.Literal('in-progress'), Type.Literal('completed')]),
  percent: Type.Integer({ minimum: 0, maximum: 100 }),
})
export type IntakeSaved = Static<typeof IntakeSaved>

// ---------- Care team: the read-only summary ----------

export const SeverityBand = Type.Union([
  Type.Literal('minimal'),
  Type.Literal('mild'),
  Type.Literal('moderate'),
  Type.Literal('moderately-severe'),
  Type.Literal('severe'),
])
export type SeverityBand = Static<typeof SeverityBand>

export const IntakeAnswerRow = Type.Object({
  linkId: Type.String(),
  question: Type.String(),
  /** Each answer as display text (a coding's display, Yes/No, a number with its unit...). */
  answers: Type.Array(Type.String()),
  /** For an attachment answer: the vault document it points at. */
  documentId: Type.Optional(Type.String()),
  /** The answer raised an exclusion flag. */
  flagged: Type.Boolean(),
  /** Nesting under the section (repeating groups and their questions are 1 and 2). */
  depth: Type.Integer(),
})
export type IntakeAnswerRow = Static<typeof IntakeAnswerRow>

export const IntakeSummarySection = Type.Object({
  title: Type.String(),
  rows: Type.Array(IntakeAnswerRow),
})

export const IntakeScore = Type.Object({
  total: Type.Number(),
  answered: Type.Integer(),
  scored: Type.Integer(),
  complete: Type.Boolean(),
  /** PHQ-9 or GAD-7 when the form is one of them. */
  instrument: Type.Optional(Type.String()),
  max: Type.Optional(Type.Integer()),
  band: Type.Optional(SeverityBand),
  /** e.g. `self-harm-thoughts` (PHQ-9 item 9 above 0), whatever the total. */
  alerts: Type.Array(Type.String()),
})
export type IntakeScore = Static<typeof IntakeScore>

export const IntakeExclusion = Type.Object({
  linkId: Type.String(),
  code: Type.String(),
  display: Type.String(),
})
export type IntakeExclusion = Static<typeof IntakeExclusion>

export const IntakeSummary = Type.Object({
  responseId: Type.String(),
  url: Type.String(),
  version: Type.String(),
  title: Type.String(),
  submittedAt: Type.String(),
  sections: Type.Array(IntakeSummarySection),
  /** Present when the form has scored (ordinal) answers. */
  score: Type.Optional(IntakeScore),
  exclusions: Type.Array(IntakeExclusion),
})
export type IntakeSummary = Static<typeof IntakeSummary>

export const IntakeSummaryList = Type.Object({ summaries: Type.Array(IntakeSummary) })
export type IntakeSummaryList = Static<typeof IntakeSummaryList>

// ---------- Readiness (clinician and reception) ----------

export const ReadinessState = Type.Union([
  Type.Literal('done'),
  Type.Literal('missing'),
  Type.Literal('unknown'),
])
export type ReadinessState = Static<typeof ReadinessState>

export const ReadinessDocumentStatus = Type.Union([
  Type.Literal('verified'),
  Type.Literal('received'),
  Type.Literal('needs-reupload'),
  Type.Literal('missing'),
])
export type ReadinessDocumentStatus = Static<typeof ReadinessDocumentStatus>

/** Facts only, no clinical content: reception sees this too. */
export const PatientReadiness = Type.Object({
  patientId: Type.String(),
  ready: Type.Boolean(),
  consent: Type.Object({ state: ReadinessState, detail: Type.String() }),
  intake: Type.Object({
    state: ReadinessState,
    forms: Type.Array(Type.Object({ title: Type.String(), status: IntakeFormStatus })),
  }),
  documents: Type.Object({
    state: ReadinessState,
    items: Type.Array(
      Type.Object({ category: DocumentCategory, label: Type.String(), status: ReadinessDocumentStatus }),
    ),
  }),
})
export type PatientReadiness = Static<typeof PatientReadiness>
