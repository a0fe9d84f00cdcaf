// Whether an answer picks a given option: codings match on system and code (the display text may
// differ between versions), other values on the value itself.
import type { QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes'
import { toAnswer, type AnswerChoice } from '@tessera/questionnaire'

export function picks(answer: QuestionnaireResponseItemAnswer, choice: AnswerChoice): boolean {
  const option = toAnswer(choice.value)
  if (option.valueCoding && answer.valueCoding)
    return (
      option.valueCoding.code === answer.valueCoding.code &&
      (option.valueCoding.system ?? '') === (answer.valueCoding.system ?? '')
    )
  if (option.valueReference && answer.valueReference)
    return option.valueReference.reference === answer.valueReference.reference
  const key = Object.keys(option).find((k) => k.startsWith('value'))
  return (
    key !== undefined && (option as Record<string, unknown>)[key] === (answer as Record<string, unknown>)[key]
  )
}

/** Free text given for an open-choice item (an answer that is not one of the options). */
export function otherText(
  answers: readonly QuestionnaireResponseItemAnswer[],
  choices: readonly AnswerChoice[],
): string {
  return (
    answers.find((a) => a.valueString !== undefined && !choices.some((c) => picks(a, c)))?.valueString ?? ''
  )
}
