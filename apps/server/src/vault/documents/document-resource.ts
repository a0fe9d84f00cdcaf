// A vault document as a FHIR R4 DocumentReference: what the patient and clinic see about it.
//   category            urn:tessera:document-category (identity, summary-of-care, letter, ...)
//   extension           urn:tessera:document-review: status (received | verified | needs-reupload),
//                       reason, reviewer, reviewed-at; urn:tessera:document-scan: clean | not-scanned
//   authenticator       who verified it (when verified); docStatus final once verified
//   content.attachment  contentType, size, title (display text only), url of the content route
// Staff are named by account (identifier urn:tessera:account) and display name; a patient who
// uploads their own document by a Patient reference only (their name is not copied into it).
import type {
  DocumentReference,
  Extension,
  Patient,
  Practitioner,
  Reference,
  Resource,
} from '@medplum/fhirtypes'
import type {
  DocumentCategory,
  DocumentContentType,
  DocumentReviewBody,
  DocumentReviewStatus,
  DocumentScanStatus,
} from '@tessera/contracts'

export const CATEGORY_SYSTEM = 'urn:tessera:document-category'
export const REVIEW_EXTENSION = 'urn:tessera:document-review'
export const SCAN_EXTENSION = 'urn:tessera:document-scan'
export const ACCOUNT_SYSTEM = 'urn:tessera:account'

const CATEGORY_LABEL: Record<DocumentCategory, string> = {
  identity: 'Identity document',
  'summary-of-care': 'Summary of care',
  letter: 'Letter',
  prescription: 'Prescription',
  other: 'Other document',
}

export interface Person {
  id: string
  displayName: string
}

export interface NewDocument {
  patientId: string
  category: DocumentCategory
  title: string
  contentType: DocumentContentType
  size: number
  scan: DocumentScanStatus
  uploadedAt: Date
  /** The uploader: the patient themself (a Patient reference) or a member of staff. */
  uploader: Person & { role: string }
}

export const contentUrl = (id: string): string => `/api/documents/${id}/content`

/** A member of staff (or the patient) by account; works for any Reference type (by identifier). */
export function personReference<T extends Resource>(person: Person): Reference<T> {
  return { identifier: { system: ACCOUNT_SYSTEM, value: person.id }, display: person.displayName }
}

export function newDocumentReference(id: string, doc: NewDocument): DocumentReference {
  const author: Reference<Patient | Practitioner> =
    doc.uploader.role === 'patient' && doc.uploader.id === doc.patientId
      ? { reference: `Patient/${doc.patientId}` }
      : personReference(doc.uploader)
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    docStatus: 'preliminary',
    subject: { reference: `Patient/${doc.patientId}` },
    date: doc.uploadedAt.toISOString(),
    author: [author],
    category: [
      { coding: [{ system: CATEGORY_SYSTEM, code: doc.category, display: CATEGORY_LABEL[doc.category] }] },
    ],
    content: [
      {
        attachment: {
          contentType: doc.contentType,
          size: doc.size,
          title: doc.title,
          url: contentUrl(id),
          creation: doc.uploadedAt.toISOString(),
        },
      },
    ],
    extension: [
      { url: REVIEW_EXTENSION, extension: [{ url: 'status', valueCode: 'received' }] },
      { url: SCAN_EXTENSION, valueCode: doc.scan },
    ],
  }
}

/** The resource after a clinician's review (everything else unchanged). */
export function withReview(
  resource: DocumentReference,
  review: DocumentReviewBody,
  reviewer: Person,
  at: Date,
): DocumentReference {
  const parts: Extension[] = [
    { url: 'status', valueCode: review.status },
    ...(review.status === 'needs-reupload' ? [{ url: 'reason', valueString: review.reason }] : []),
    { url: 'reviewer', valueReference: personReference(reviewer) },
    { url: 'reviewed-at', valueDateTime: at.toISOString() },
  ]
  const others = (resource.extension ?? []).filter((e) => e.url !== REVIEW_EXTENSION)
  const { authenticator: _previous, ...rest } = resource
  return {
    ...rest,
    docStatus: review.status === 'verified' ? 'final' : 'preliminary',
    ...(review.status === 'verified' ? { authenticator: personReference(reviewer) } : {}),
    extension: [{ url: REVIEW_EXTENSION, extension: parts }, ...others],
  }
}

export interface ReviewState {
  status: DocumentReviewStatus
  reason?: string
  reviewedBy?: Person
  reviewedAt?: string
}

const STATUSES: readonly string[] = ['received', 'verified', 'needs-reupload']

export function reviewOf(resource: DocumentReference): ReviewState {
  const parts = resource.extension?.find((e) => e.url === REVIEW_EXTENSION)?.extension ?? []
  const part = (url: string) => parts.find((p) => p.url === url)
  const status = part('status')?.valueCode
  const reviewer = part('reviewer')?.valueReference
  const reason = part('reason')?.valueString
  const at = part('reviewed-at')?.valueDateTime
  return {
    status: status && STATUSES.includes(status) ? (status as DocumentReviewStatus) : 'received',
    ...(reason ? { reason } : {}),
    ...(reviewer?.identifier?.value
      ? { reviewedBy: { id: reviewer.identifier.value, displayName: reviewer.display ?? '' } }
      : {}),
    ...(at ? { reviewedAt: at } : {}),
  }
}

const CATEGORIES: readonly string[] = Object.keys(CATEGORY_LABEL)

export function categoryOf(resource: DocumentReference): DocumentCategory {
  const code = resource.category
    ?.flatMap((c) => c.coding ?? [])
    .find((c) => c.system === CATEGORY_SYSTEM)?.code
  return code && CATEGORIES.includes(code) ? (code as DocumentCategory) : 'other'
}

export function titleOf(resource: DocumentReference): string {
  return resource.content?.[0]?.attachment?.title ?? 'Document'
}
