// Per-item import rules: supported type, R4 invariants que-1..que-13 that the structural validator
// may not enforce, options that resolve, initial values of the right type, and our extensions.
import { answerProblem } from './answer-rules.ts'
import { sameValue } from './compare.ts'
import { EXCLUSION_FLAG_URL, exclusionOf, extensionsOf, ORDINAL_URLS } from './extensions.ts'
import { isChoiceType, isQuestionType, SUPPORTED_TYPES, TEXT_TYPES } from './items.ts'
import { resolveChoices, type AnswerChoice } from './options.ts'
import type { JsonObject } from './types.ts'
import type { CheckContext, ItemEntry } from './validate-questionnaire.ts'
import { OPTION_TYPES, readValue, type AnswerValue } from './values.ts'

export function itemProblems(entry: ItemEntry, ctx: CheckContext): void {
  const { node, path } = entry
  const error: Report = (at, message) => {
    ctx.errors.push({ path: at ? `${path}.${at}` : path, message })
  }
  const type = node['type']
  if (typeof type !== 'string' || !SUPPORTED_TYPES.has(type)) {
    error('type', `must be one of the supported item types: ${[...SUPPORTED_TYPES].join(', ')}`)
    return
  }
  const children = Array.isArray(node['item']) ? node['item'].length : 0
  if (type !== 'group' && (typeof node['text'] !== 'string' || node['text'].trim() === ''))
    error('text', 'is required: the patient needs a question or text to read')
  if (type === 'group' && children === 0) error('item', 'a group needs at least one nested item (R4 que-1)')
  if (type === 'display') {
    if (children > 0) error('item', 'display items cannot have nested items (R4 que-1)')
    if (node['code'] !== undefined) error('code', 'is not allowed on display items (R4 que-3)')
    for (const key of ['required', 'repeats'])
      if (node[key] !== undefined) error(key, 'is not allowed on display items (R4 que-6)')
    if (node['readOnly'] !== undefined) error('readOnly', 'is not allowed on display items (R4 que-9)')
  }
  for (const key of ['required', 'repeats', 'readOnly'])
    if (node[key] !== undefined && typeof node[key] !== 'boolean') error(key, 'must be true or false')
  const maxLength = node['maxLength']
  if (maxLength !== undefined) {
    if (!TEXT_TYPES.has(type))
      error('maxLength', 'is only allowed on string, text, url and open-choice items')
    else if (!Number.isInteger(maxLength) || (maxLength as number) < 1)
      error('maxLength', 'must be a positive integer')
  }
  const behavior = node['enableBehavior']
  if (behavior !== undefined && behavior !== 'all' && behavior !== 'any')
    error('enableBehavior', 'must be all or any')
  if (Array.isArray(node['enableWhen']) && node['enableWhen'].length > 1 && behavior === undefined)
    error('enableBehavior', 'is required when there is more than one enableWhen (R4 que-12)')
  if (node['modifierExtension'] !== undefined)
    error('modifierExtension', 'is not supported: this engine cannot honour modifier extensions')
  if (extensionsOf(node, EXCLUSION_FLAG_URL).length > 0) {
    if (type !== 'boolean')
      error('extension', 'the exclusion flag belongs on boolean items or on answer options')
    else if (!exclusionOf(node)) error('extension', 'the exclusion flag needs a valueCoding with a code')
  }
  const choices = optionProblems(entry, type, error, ctx)
  initialProblems(node, type, choices, error)
}

type Report = (at: string, message: string) => void

function optionProblems(
  entry: ItemEntry,
  type: string,
  error: Report,
  ctx: CheckContext,
): AnswerChoice[] | undefined {
  const { node } = entry
  const options = node['answerOption']
  const valueSet = node['answerValueSet']
  if (!isChoiceType(type)) {
    if (options !== undefined) error('answerOption', 'is only allowed on choice and open-choice items')
    if (valueSet !== undefined)
      error('answerValueSet', 'is only allowed on choice and open-choice items (R4 que-5)')
    return undefined
  }
  if (options !== undefined && valueSet !== undefined) {
    error('answerValueSet', 'cannot be used together with answerOption (R4 que-4)')
    return undefined
  }
  if (options === undefined && valueSet === undefined) {
    error('', 'a choice item needs answerOption or an answerValueSet pointing at a contained ValueSet (#id)')
    return undefined
  }
  if (valueSet !== undefined) {
    const found = resolveChoices({ answerValueSet: valueSet }, ctx.contained)
    if (!found.ok) error('answerValueSet', typeof valueSet === 'string' ? found.problem : 'must be a string')
    return found.ok ? found.choices : undefined
  }
  if (!Array.isArray(options) || options.length === 0) {
    error('answerOption', 'must be a non-empty array')
    return undefined
  }
  const seen: AnswerValue[] = []
  let selected = 0
  options.forEach((option: unknown, k) => {
    const at = `answerOption[${k}]`
    const read = readValue(option, 'value', OPTION_TYPES)
    if (!read.ok) return error(at, read.problem)
    const twin = seen.findIndex((v) => sameValue(v, read.value))
    if (twin >= 0) error(at, `duplicates answerOption[${twin}]`)
    seen.push(read.value)
    for (const url of ORDINAL_URLS)
      for (const ext of extensionsOf(option, url))
        if (typeof (ext['valueDecimal'] ?? ext['valueInteger']) !== 'number')
          error(`${at}.extension`, 'an ordinal value (score) needs a valueDecimal')
    if (extensionsOf(option, EXCLUSION_FLAG_URL).length > 0 && !exclusionOf(option))
      error(`${at}.extension`, 'the exclusion flag needs a valueCoding with a code')
    if ((option as JsonObject)['initialSelected'] === true) selected++
  })
  if (new Set(seen.map((v) => v.type)).size > 1)
    error('answerOption', 'mixes value types: use one type for all options')
  if (selected > 1 && node['repeats'] !== true)
    error('answerOption', 'has more than one initialSelected option on an item that does not repeat')
  if (seen.length !== options.length) return undefined
  const found = resolveChoices(node, ctx.contained)
  return found.ok ? found.choices : undefined
}

function initialProblems(
  node: JsonObject,
  type: string,
  choices: AnswerChoice[] | undefined,
  error: Report,
): void {
  const initial = node['initial']
  if (initial === undefined) return
  if (!isQuestionType(type)) return error('initial', 'is not allowed on group or display items (R4 que-8)')
  if (node['answerOption'] !== undefined)
    return error('initial', 'cannot be used with answerOption: mark the option initialSelected (R4 que-11)')
  if (!Array.isArray(initial) || initial.length === 0) return error('initial', 'must be a non-empty array')
  if (initial.length > 1 && node['repeats'] !== true)
    error('initial', 'has more than one value on an item that does not repeat (R4 que-13)')
  const maxLength = typeof node['maxLength'] === 'number' ? node['maxLength'] : undefined
  initial.forEach((value: unknown, k) => {
    const read = readValue(value, 'value')
    if (!read.ok) return error(`initial[${k}]`, read.problem)
    const problem = answerProblem({ type, maxLength }, read.value, choices)
    if (problem) error(`initial[${k}].${read.key}`, problem)
  })
}
