// Shared result shapes. FHIR types come from @medplum/fhirtypes (types only, no runtime code).
import type { QuestionnaireItem } from '@medplum/fhirtypes'

export type {
  Attachment,
  Coding,
  Extension,
  Quantity,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
  Reference,
} from '@medplum/fhirtypes'

export type ItemType = QuestionnaireItem['type']

/** A problem in a Questionnaire, at a FHIRPath-like location such as `item[2].enableWhen[0].answerCoding`. */
export interface PathError {
  path: string
  message: string
}

/**
 * A problem in a QuestionnaireResponse. `linkId` names the item ('' for the response itself, e.g. a
 * wrong `questionnaire` or `status`); `path` locates it in the response (`item[1].item[0].answer[2]`).
 * Messages never repeat the submitted value: it may be patient data.
 */
export interface ResponseIssue {
  linkId: string
  path: string
  message: string
}

export type JsonObject = Record<string, unknown>

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
