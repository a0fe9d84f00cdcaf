// Plain words for documents: categories, sizes, review and scan status.
import type { DocumentCategory, DocumentView } from '@tessera/contracts'
import { formatDate } from '../../lib/format-time.ts'

export const CATEGORY_WORDS: Record<DocumentCategory, string> = {
  identity: 'ID (passport, driving licence or ID card)',
  'summary-of-care': 'Summary of care',
  letter: 'Letter',
  prescription: 'Prescription',
  other: 'Something else',
}

/** Short names for lists, where the longer descriptions above would wrap. */
export const CATEGORY_SHORT: Record<DocumentCategory, string> = {
  identity: 'ID',
  'summary-of-care': 'Summary of care',
  letter: 'Letter',
  prescription: 'Prescription',
  other: 'Other',
}

export function isCategory(value: string): value is DocumentCategory {
  return Object.hasOwn(CATEGORY_WORDS, value)
}

/** What the file picker offers; HEIF is what some phones call their HEIC photos. */
export const ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/heic', 'image/heif']
const ACCEPTED_EXTENSIONS = /\.(pdf|jpe?g|png|heic|heif)$/i

/**
 * A first check before sending anything: the server decides by the file's bytes, but a video picked
 * through "All files" need not be uploaded to be refused. Some phones leave `type` empty for HEIC.
 */
export function fileProblem(file: File): string | null {
  if (file.size === 0) return 'This file is empty. Choose another one.'
  const typeOk = file.type === '' ? ACCEPTED_EXTENSIONS.test(file.name) : ACCEPTED_TYPES.includes(file.type)
  if (!typeOk) return 'This type of file cannot be uploaded. Use a PDF, or a JPEG, PNG or HEIC photo.'
  return null
}

export function sizeWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

export function typeWords(contentType: DocumentView['contentType']): string {
  return contentType === 'application/pdf'
    ? 'PDF'
    : `${contentType.slice('image/'.length).toUpperCase()} image`
}

export type StatusTone = 'info' | 'success' | 'warning'

export interface StatusWords {
  badge: string
  tone: StatusTone
  /** The sentence the patient reads. */
  text: string
}

/** "Received — the clinic will check it", "Verified by Dr … on …", "Please upload again: …". */
export function reviewWords(review: DocumentView['review']): StatusWords {
  switch (review.status) {
    case 'received':
      return { badge: 'Received', tone: 'info', text: 'Received — the clinic will check it' }
    case 'verified': {
      const by = review.reviewedBy ? ` by ${review.reviewedBy.displayName}` : ''
      const on = review.reviewedAt ? ` on ${formatDate(review.reviewedAt)}` : ''
      return { badge: 'Verified', tone: 'success', text: `Verified${by}${on}` }
    }
    case 'needs-reupload':
      return {
        badge: 'Upload again',
        tone: 'warning',
        text: review.reason ? `Please upload again: ${review.reason}` : 'Please upload again',
      }
    default:
      return review.status satisfies never
  }
}

/** The same status as staff read it: the patient's wording would address the wrong person. */
export function staffReviewText(review: DocumentView['review']): string {
  switch (review.status) {
    case 'received':
      return 'Not checked yet.'
    case 'verified':
      return `${reviewWords(review).text}.`
    case 'needs-reupload':
      return review.reason
        ? `The patient was asked to upload it again: ${review.reason}`
        : 'The patient was asked to upload it again.'
    default:
      return review.status satisfies never
  }
}

/** Staff only: whether the virus scanner looked at the file. */
export function scanWords(scan: DocumentView['scan']): StatusWords {
  switch (scan) {
    case 'clean':
      return { badge: 'Scanned: clean', tone: 'success', text: 'The virus scanner found nothing.' }
    case 'not-scanned':
      return {
        badge: 'Not scanned',
        tone: 'warning',
        text: 'No virus scanner is configured, so this file was not scanned.',
      }
    default:
      return scan satisfies never
  }
}
