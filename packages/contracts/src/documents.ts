// The document vault's HTTP API (apps/server/src/vault/): upload, list, download, review.
// Documents are also DocumentReference resources in the FHIR record; these routes are the
// portal's way in (multipart upload and streamed, verified download need more than FHIR JSON).
import { Type, type Static } from 'typebox'
import { Uuid } from './auth.ts'

export const DocumentCategory = Type.Union([
  Type.Literal('identity'),
  Type.Literal('summary-of-care'),
  Type.Literal('letter'),
  Type.Literal('prescription'),
  Type.Literal('other'),
])
export type DocumentCategory = Static<typeof DocumentCategory>

/** The patient-facing review status of a document. */
export const DocumentReviewStatus = Type.Union([
  Type.Literal('received'),
  Type.Literal('verified'),
  Type.Literal('needs-reupload'),
])
export type DocumentReviewStatus = Static<typeof DocumentReviewStatus>

/** Whether the virus scanner looked at it: `not-scanned` when no scanner is configured. */
export const DocumentScanStatus = Type.Union([Type.Literal('clean'), Type.Literal('not-scanned')])
export type DocumentScanStatus = Static<typeof DocumentScanStatus>

export const DocumentContentType = Type.Union([
  Type.Literal('application/pdf'),
  Type.Literal('image/jpeg'),
  Type.Literal('image/png'),
  Type.Literal('image/heic'),
])
export type DocumentContentType = Static<typeof DocumentContentType>

export const DocumentView = Type.Object({
  /** The DocumentReference id. */
  id: Type.String(),
  patientId: Type.String(),
  /** Display text only (never a path); what the uploader called the file. */
  title: Type.String(),
  category: DocumentCategory,
  contentType: DocumentContentType,
  size: Type.Integer(),
  uploadedAt: Type.String(),
  uploadedBy: Type.Object({ id: Type.String(), displayName: Type.String(), role: Type.String() }),
  review: Type.Object({
    status: DocumentReviewStatus,
    /** Why a re-upload is needed (shown to the patient). */
    reason: Type.Optional(Type.String()),
    reviewedBy: Type.Optional(Type.Object({ id: Type.String(), displayName: Type.String() })),
    reviewedAt: Type.Optional(Type.String()),
  }),
  scan: DocumentScanStatus,
})
export type DocumentView = Static<typeof DocumentView>

export const DocumentList = Type.Object({ documents: Type.Array(DocumentView) })
export type DocumentList = Static<typeof DocumentList>

export const DocumentIdParams = Type.Object({ documentId: Uuid }, { additionalProperties: false })

/** Multipart fields sent before the file part: `category`, then `file` (the browser's file name is display text). */
export const DocumentUploadFields = Type.Object(
  { category: DocumentCategory },
  { additionalProperties: false },
)
export type DocumentUploadFields = Static<typeof DocumentUploadFields>

export const DocumentReviewBody = Type.Union([
  Type.Object({ status: Type.Literal('verified') }, { additionalProperties: false }),
  Type.Object(
    { status: Type.Literal('needs-reupload'), reason: Type.String({ minLength: 5, maxLength: 500 }) },
    { additionalProperties: false },
  ),
])
export type DocumentReviewBody = Static<typeof DocumentReviewBody>
