// The stored QuestionnaireResponse of an intake form: the server composes it from the answers the
// client sends (subject, author, status and dates are never taken from the client) and keeps the
// section the patient was on in an extension, so another device resumes exactly there.
import type { Questionnaire, QuestionnaireResponse, QuestionnaireResponseItem } from '@medplum/fhirtypes'
import { enabledItems } from '@tessera/questionnaire'

/** valueInteger: the 0-based section shown when the patient last saved. */
export const SECTION_EXTENSION_URL = 'urn:tessera:fhir:extension:intake-section'

export type IntakeStatus = 'in-progress' | 'completed'

export interface ComposeInput {
  id?: string
  patientId: string
  questionnaire: string
  status: IntakeStatus
  section: number
  item: unknown[]
  authored: Date
}

export function composeResponse(input: ComposeInput): QuestionnaireResponse {
  const patient = { reference: `Patient/${input.patientId}` }
  const response: QuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse',
    ...(input.id ? { id: input.id } : {}),
    extension: [{ url: SECTION_EXTENSION_URL, valueInteger: input.section }],
    questionnaire: input.questionnaire,
    status: input.status,
    subject: patient,
    authored: input.authored.toISOString(),
    author: patient,
  }
  // FHIR JSON has no empty arrays: a response with no answers yet has no `item`.
  // The items are checked by the R4 validator and validateResponse before anything is stored.
  if (input.item.length > 0) response.item = input.item as QuestionnaireResponseItem[]
  return response
}

export function sectionOf(response: QuestionnaireResponse): number {
  const value = response.extension?.find((e) => e.url === SECTION_EXTENSION_URL)?.valueInteger
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0
}

/** Share of the enabled questions that have an answer (each repetition of a repeating group counts). */
export function percentAnswered(questionnaire: Questionnaire, response: QuestionnaireResponse): number {
  if (response.status === 'completed') return 100
  const questions = enabledItems(questionnaire, response).filter(
    (e) => e.item.type !== 'group' && e.item.type !== 'display',
  )
  if (questions.length === 0) return 0
  const answered = questions.filter((e) => (e.responseItem?.answer ?? []).length > 0).length
  return Math.min(99, Math.round((answered / questions.length) * 100))
}
