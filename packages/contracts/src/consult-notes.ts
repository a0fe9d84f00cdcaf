// The clinician's notes during a video consultation (issue 9): a draft note autosaved beside the
// video, signed at the end (then locked), amendments as new versions with a reason; and the
// Encounter the consultation is recorded as, closed when the call ends. The server stores the note
// as a FHIR Composition with its text sealed under the patient's key.
import { Type, type Static } from 'typebox'

/** The longest note (and amendment) text, in characters. */
export const NOTE_MAX_CHARS = 50_000
/** The longest reason for an amendment. */
export const AMENDMENT_REASON_MAX_CHARS = 500

export const NoteStatus = Type.Union([
  /** Nothing saved yet. */
  Type.Literal('empty'),
  Type.Literal('draft'),
  Type.Literal('signed'),
  /** Signed, then amended at least once. */
  Type.Literal('amended'),
])
export type NoteStatus = Static<typeof NoteStatus>

export const EncounterStatus = Type.Union([Type.Literal('in-progress'), Type.Literal('finished')])
export type EncounterStatus = Static<typeof EncounterStatus>

export const ConsultEncounterView = Type.Object({
  encounterId: Type.String(),
  status: EncounterStatus,
  start: Type.String(),
  end: Type.Optional(Type.String()),
})
export type ConsultEncounterView = Static<typeof ConsultEncounterView>

export const NoteAmendment = Type.Object({
  text: Type.String(),
  reason: Type.String(),
  at: Type.String(),
  authorName: Type.String(),
})
export type NoteAmendment = Static<typeof NoteAmendment>

export const ConsultNoteView = Type.Object({
  appointmentId: Type.String(),
  /** The Composition (absent while nothing was saved). */
  noteId: Type.Optional(Type.String()),
  status: NoteStatus,
  /** The Composition's version; 0 while nothing was saved. Send it back as `baseVersion`. */
  version: Type.Integer({ minimum: 0 }),
  text: Type.String(),
  updatedAt: Type.Optional(Type.String()),
  signedAt: Type.Optional(Type.String()),
  signedBy: Type.Optional(Type.String()),
  amendments: Type.Array(NoteAmendment),
  encounter: ConsultEncounterView,
})
export type ConsultNoteView = Static<typeof ConsultNoteView>

export const NoteSaveBody = Type.Object(
  {
    text: Type.String({ maxLength: NOTE_MAX_CHARS }),
    /** The version this edit was made on (0 for the first save); a newer one on the server is a 409. */
    baseVersion: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
  },
  { additionalProperties: false },
)
export type NoteSaveBody = Static<typeof NoteSaveBody>

export const NoteSignBody = Type.Object(
  {
    /** The version the clinician read and is signing. */
    baseVersion: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }),
  },
  { additionalProperties: false },
)
export type NoteSignBody = Static<typeof NoteSignBody>

export const NoteAmendBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: NOTE_MAX_CHARS }),
    reason: Type.String({ minLength: 1, maxLength: AMENDMENT_REASON_MAX_CHARS }),
  },
  { additionalProperties: false },
)
export type NoteAmendBody = Static<typeof NoteAmendBody>
