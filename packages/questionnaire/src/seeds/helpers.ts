// Builders that keep the seed questionnaires readable: coded options, scored frequency scales,
// the item-control and exclusion extensions.
import type { Extension, QuestionnaireItemAnswerOption } from '@medplum/fhirtypes'
import {
  EXCLUSION_FLAG_URL,
  EXCLUSION_SYSTEM,
  ITEM_CONTROL_SYSTEM,
  ITEM_CONTROL_URL,
  ORDINAL_VALUE_URL,
} from '../extensions.ts'

export const LOINC = 'http://loinc.org'

export function codedOptions(
  system: string,
  pairs: ReadonlyArray<readonly [string, string]>,
): QuestionnaireItemAnswerOption[] {
  return pairs.map(([code, display]) => ({ valueCoding: { system, code, display } }))
}

export function ordinal(value: number): Extension {
  return { url: ORDINAL_VALUE_URL, valueDecimal: value }
}

/** The PHQ/GAD answer list LL358-3, scored 0-3. */
export function frequencyOptions(): QuestionnaireItemAnswerOption[] {
  const scale: Array<[string, string]> = [
    ['LA6568-5', 'Not at all'],
    ['LA6569-3', 'Several days'],
    ['LA6570-1', 'More than half the days'],
    ['LA6571-9', 'Nearly every day'],
  ]
  return scale.map(([code, display], score) => ({
    valueCoding: { system: LOINC, code, display },
    extension: [ordinal(score)],
  }))
}

/** The unscored "how difficult" answer list of PHQ-9 and GAD-7. */
export function difficultyOptions(): QuestionnaireItemAnswerOption[] {
  return codedOptions(LOINC, [
    ['LA6572-7', 'Not difficult at all'],
    ['LA6573-5', 'Somewhat difficult'],
    ['LA6575-0', 'Very difficult'],
    ['LA6574-3', 'Extremely difficult'],
  ])
}

/** 0 (none) to 10 (worst imaginable), each scored with its own number. */
export function zeroToTen(): QuestionnaireItemAnswerOption[] {
  return Array.from({ length: 11 }, (_, n) => ({ valueInteger: n, extension: [ordinal(n)] }))
}

export function itemControl(code: 'radio-button' | 'check-box' | 'drop-down' | 'autocomplete'): Extension {
  return { url: ITEM_CONTROL_URL, valueCodeableConcept: { coding: [{ system: ITEM_CONTROL_SYSTEM, code }] } }
}

export function exclusion(code: string, display: string): Extension {
  return { url: EXCLUSION_FLAG_URL, valueCoding: { system: EXCLUSION_SYSTEM, code, display } }
}
