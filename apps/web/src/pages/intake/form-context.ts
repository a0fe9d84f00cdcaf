// What every field of the form needs: the questionnaire version, the answers so far, the errors to
// show, and the ways to change the answers. Provided by IntakeForm, read with useIntakeForm().
import { createContext, useContext } from 'react'
import type {
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
} from '@medplum/fhirtypes'
import type { FormIndex, ItemPath } from './response-tree.ts'

export interface IntakeFormApi {
  questionnaire: Questionnaire
  form: FormIndex
  items: readonly QuestionnaireResponseItem[]
  /** Field key -> the message to show next to it (only once the patient tried to move on). */
  errors: ReadonlyMap<string, string>
  patientId: string
  /** Whether the occurrence at `path` is enabled (enableWhen, live). */
  isEnabled: (def: QuestionnaireItem, path: ItemPath) => boolean
  setAnswers: (path: ItemPath, answers: QuestionnaireResponseItemAnswer[]) => void
  addOccurrence: (parent: ItemPath, def: QuestionnaireItem) => void
  removeOccurrence: (path: ItemPath) => void
}

export const IntakeFormContext = createContext<IntakeFormApi | null>(null)

export function useIntakeForm(): IntakeFormApi {
  const api = useContext(IntakeFormContext)
  if (!api) throw new Error('useIntakeForm outside an IntakeFormContext provider')
  return api
}
