// Plain words for intake: form status, score bands, readiness.
import type { IntakeFormEntry, ReadinessDocumentStatus, SeverityBand } from '@tessera/contracts'
import { formatDate } from '../../lib/format-time.ts'

export const BAND_WORDS: Record<SeverityBand, string> = {
  minimal: 'Minimal',
  mild: 'Mild',
  moderate: 'Moderate',
  'moderately-severe': 'Moderately severe',
  severe: 'Severe',
}

export const ALERT_WORDS: Record<string, string> = {
  'self-harm-thoughts':
    'Thoughts of self-harm: item 9 was answered above "Not at all". Review before the consultation.',
}

export function statusWords(form: IntakeFormEntry): string {
  switch (form.status) {
    case 'not-started':
      return 'Not started'
    case 'in-progress':
      return `In progress: ${form.percent}% answered`
    case 'submitted':
      return form.submittedAt ? `Sent to the clinic on ${formatDate(form.submittedAt)}` : 'Sent to the clinic'
  }
}

export function actionWords(form: IntakeFormEntry): string {
  switch (form.status) {
    case 'not-started':
      return 'Start'
    case 'in-progress':
      return 'Continue'
    case 'submitted':
      return 'View your answers'
  }
}

export const DOCUMENT_STATUS_WORDS: Record<ReadinessDocumentStatus, string> = {
  verified: 'verified',
  received: 'uploaded, waiting to be checked',
  'needs-reupload': 'needs a new copy',
  missing: 'not uploaded',
}
