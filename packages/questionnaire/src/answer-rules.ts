// Whether one answer value fits its item: the same rules for a response's answers and for a
// questionnaire's initial values.
import { sameValue } from './compare.ts'
import { isChoiceType, VALUE_TYPE_FOR } from './items.ts'
import type { AnswerChoice } from './options.ts'
import { valueKey, type AnswerValue } from './values.ts'

export interface AnswerSpec {
  type: string
  maxLength?: number | undefined
}

/** Why `value` cannot answer an item of `spec`, or undefined when it can. */
export function answerProblem(
  spec: AnswerSpec,
  value: AnswerValue,
  choices: readonly AnswerChoice[] | undefined,
): string | undefined {
  if (isChoiceType(spec.type)) {
    if (spec.type === 'open-choice' && value.type === 'string') return lengthProblem(spec, value.value)
    if (!choices) return 'cannot be checked: the item has no resolvable answer options'
    if (choices.some((c) => sameValue(c.value, value))) return undefined
    const types = [...new Set(choices.map((c) => c.value.type))]
    if (spec.type === 'open-choice') types.push('string')
    if (!types.includes(value.type)) return `must be ${types.map((t) => valueKey('value', t)).join(' or ')}`
    return 'is not one of the answer options'
  }
  const expected = VALUE_TYPE_FOR[spec.type]
  if (!expected) return `cannot be given: ${spec.type} items take no answers`
  if (value.type !== expected) return `must be ${valueKey('value', expected)} for a ${spec.type} item`
  switch (value.type) {
    case 'string':
      return lengthProblem(spec, value.value)
    case 'uri':
      return /^https?:\/\/[^\s/]+/i.test(value.value)
        ? lengthProblem(spec, value.value)
        : 'must be an http(s) URL'
    case 'attachment':
      // Files go to the vault first; the answer only points at them, so no PHI travels inline.
      if (value.value.data !== undefined)
        return 'must not carry inline data: upload the file to the vault and send its url'
      return typeof value.value.url === 'string' && value.value.url !== ''
        ? undefined
        : 'must have the url of the uploaded file'
    default:
      return undefined
  }
}

function lengthProblem(spec: AnswerSpec, text: string): string | undefined {
  return spec.maxLength !== undefined && text.length > spec.maxLength
    ? `is longer than the ${spec.maxLength} characters allowed`
    : undefined
}
