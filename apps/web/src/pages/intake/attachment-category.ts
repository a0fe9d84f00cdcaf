// Which vault category an attachment question files its upload under: the item may say so (Tessera
// extension, valueCode), else its words decide (a summary of care, an ID), else "other".
import type { QuestionnaireItem } from '@medplum/fhirtypes'
import type { DocumentCategory } from '@tessera/contracts'

export const DOCUMENT_CATEGORY_URL = 'urn:tessera:fhir:extension:document-category'

const CATEGORIES: readonly DocumentCategory[] = [
  'identity',
  'summary-of-care',
  'letter',
  'prescription',
  'other',
]

export function attachmentCategory(def: QuestionnaireItem): DocumentCategory {
  const code = def.extension?.find((e) => e.url === DOCUMENT_CATEGORY_URL)?.valueCode
  const declared = CATEGORIES.find((c) => c === code)
  if (declared) return declared
  const words = `${def.linkId} ${def.text ?? ''}`.toLowerCase()
  if (/summary[- ]of[- ]care/.test(words)) return 'summary-of-care'
  if (/\b(passport|driving licen[cs]e|identity|photo id)\b/.test(words)) return 'identity'
  if (/\bletter\b/.test(words)) return 'letter'
  return 'other'
}
