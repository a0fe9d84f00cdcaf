// Exclusion flags: answers that rule a patient out of a pathway (e.g. a history of psychosis for
// medical cannabis). The questionnaire marks them with the EXCLUSION_FLAG_URL extension (valueCoding
// naming the criterion): on a boolean item, a true answer raises the flag; on an answerOption,
// choosing that option does. Disabled items never raise a flag. A flag is for the clinician's
// decision, not an automatic refusal.
import type { Questionnaire, QuestionnaireResponse } from '@medplum/fhirtypes'
import { sameValue } from './compare.ts'
import { enabledItems } from './enable-when.ts'
import { exclusionOf } from './extensions.ts'
import { isChoiceType } from './items.ts'
import { choicesOf } from './options.ts'
import { answerValues } from './values.ts'

export interface ExclusionFlag {
  linkId: string
  code: string
  system: string | undefined
  display: string | undefined
}

export function exclusionFlags(
  questionnaire: Questionnaire,
  response: QuestionnaireResponse,
): ExclusionFlag[] {
  const flags: ExclusionFlag[] = []
  const raise = (linkId: string, coding: { code?: string; system?: string; display?: string }) => {
    const code = coding.code ?? ''
    if (!flags.some((f) => f.linkId === linkId && f.code === code))
      flags.push({ linkId, code, system: coding.system, display: coding.display })
  }
  for (const { item, responseItem } of enabledItems(questionnaire, response)) {
    const values = answerValues(responseItem?.answer)
    if (values.length === 0) continue
    const onItem = exclusionOf(item)
    if (onItem && item.type === 'boolean' && values.some((v) => v.type === 'boolean' && v.value))
      raise(item.linkId, onItem)
    if (!isChoiceType(item.type)) continue
    for (const choice of choicesOf(item, questionnaire) ?? [])
      if (choice.exclusion && values.some((v) => sameValue(v, choice.value)))
        raise(item.linkId, choice.exclusion)
  }
  return flags
}
