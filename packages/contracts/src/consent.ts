// Consent texts and patients' decisions (apps/server/src/consent/). The clinic admin publishes
// versioned texts; a patient accepts, declines (optional kinds) or withdraws; each decision is also
// a FHIR Consent resource bound to the text version it answered.
import { Type, type Static } from 'typebox'
import { Uuid } from './auth.ts'

export const ConsentKind = Type.Union([
  Type.Literal('privacy-notice'),
  Type.Literal('telehealth'),
  Type.Literal('gp-sharing'),
])
export type ConsentKind = Static<typeof ConsentKind>

/** What must be in place before: `consultation` (the first video consultation), or nothing (optional). */
export const ConsentRequirement = Type.Union([Type.Literal('consultation'), Type.Null()])
export type ConsentRequirement = Static<typeof ConsentRequirement>

/** A patient's standing on one kind: their latest decision, or `never` when they made none. */
export const ConsentStatus = Type.Union([
  Type.Literal('given'),
  Type.Literal('withdrawn'),
  Type.Literal('declined'),
  Type.Literal('never'),
])
export type ConsentStatus = Static<typeof ConsentStatus>

export const ConsentTextStatus = Type.Union([Type.Literal('draft'), Type.Literal('published')])
export type ConsentTextStatus = Static<typeof ConsentTextStatus>

export const ConsentTextView = Type.Object({
  id: Type.String(),
  kind: ConsentKind,
  version: Type.Integer(),
  status: ConsentTextStatus,
  title: Type.String(),
  /** Plain text: blank lines separate paragraphs, `- ` starts a list item, `## ` a heading. */
  body: Type.String(),
  createdAt: Type.String(),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
})
export type ConsentTextView = Static<typeof ConsentTextView>

export const AdminConsentVersion = Type.Object({
  text: ConsentTextView,
  publishedBy: Type.Union([Type.String(), Type.Null()]),
  /** Patients who accepted this version (at any time, including those who later withdrew). */
  acceptedCount: Type.Integer(),
  /** Patients whose consent currently rests on this version. */
  inForceCount: Type.Integer(),
})
export type AdminConsentVersion = Static<typeof AdminConsentVersion>

export const AdminConsentKind = Type.Object({
  kind: ConsentKind,
  label: Type.String(),
  requiredBefore: ConsentRequirement,
  /** Newest first; at most one draft, which comes first. */
  versions: Type.Array(AdminConsentVersion),
})
export type AdminConsentKind = Static<typeof AdminConsentKind>
export const AdminConsentTexts = Type.Object({ kinds: Type.Array(AdminConsentKind) })
export type AdminConsentTexts = Static<typeof AdminConsentTexts>

const Title = Type.String({ minLength: 3, maxLength: 200 })
const Body = Type.String({ minLength: 20, maxLength: 20_000 })

export const ConsentDraftBody = Type.Object(
  { kind: ConsentKind, title: Title, body: Body },
  { additionalProperties: false },
)
export type ConsentDraftBody = Static<typeof ConsentDraftBody>

export const ConsentDraftUpdateBody = Type.Object(
  { title: Title, body: Body },
  { additionalProperties: false },
)
export type ConsentDraftUpdateBody = Static<typeof ConsentDraftUpdateBody>

export const ConsentTextIdParams = Type.Object({ textId: Uuid }, { additionalProperties: false })

export const ConsentStateView = Type.Object({
  kind: ConsentKind,
  status: ConsentStatus,
  /** The text version the latest decision answered (null when `never`). */
  version: Type.Union([Type.Integer(), Type.Null()]),
  /** When the latest decision was made. */
  at: Type.Union([Type.String(), Type.Null()]),
  /** The newest published version of this kind (null when none is published). */
  currentVersion: Type.Union([Type.Integer(), Type.Null()]),
  /** The latest decision answered the newest published version. */
  current: Type.Boolean(),
})
export type ConsentStateView = Static<typeof ConsentStateView>

export const PatientConsentItem = Type.Object({
  kind: ConsentKind,
  label: Type.String(),
  requiredBefore: ConsentRequirement,
  /** Only optional kinds can be declined; a required one is accepted or left for later. */
  canDecline: Type.Boolean(),
  state: ConsentStateView,
  /** The newest published text (null when the clinic has not published one). */
  text: Type.Union([ConsentTextView, Type.Null()]),
  /** The patient should be asked now: never answered, or accepted an older version. */
  needsAnswer: Type.Boolean(),
})
export type PatientConsentItem = Static<typeof PatientConsentItem>

export const PatientConsents = Type.Object({ items: Type.Array(PatientConsentItem) })
export type PatientConsents = Static<typeof PatientConsents>

/** Staff view of a patient's consents: states only, no texts. */
export const PatientConsentStates = Type.Object({
  patientId: Type.String(),
  states: Type.Array(
    Type.Object({ ...ConsentStateView.properties, label: Type.String(), requiredBefore: ConsentRequirement }),
  ),
})
export type PatientConsentStates = Static<typeof PatientConsentStates>

export const ConsentAnswer = Type.Union([Type.Literal('accept'), Type.Literal('decline')])
export type ConsentAnswer = Static<typeof ConsentAnswer>

/** Answers exactly the version shown (`textId`); a newer one published meanwhile is a 409. */
export const ConsentAnswerBody = Type.Object(
  { textId: Uuid, answer: ConsentAnswer },
  { additionalProperties: false },
)
export type ConsentAnswerBody = Static<typeof ConsentAnswerBody>

export const ConsentWithdrawBody = Type.Object({ kind: ConsentKind }, { additionalProperties: false })
export type ConsentWithdrawBody = Static<typeof ConsentWithdrawBody>
