// The choices of a choice or open-choice item, from answerOption or from a contained ValueSet named
// by answerValueSet (`#id`). External value sets are never fetched: a form must be self-contained so
// that the client and the server see the same options.
import type { Coding, Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes'
import { exclusionOf, ordinalOf } from './extensions.ts'
import { isRecord, type JsonObject } from './types.ts'
import { OPTION_TYPES, readValue, type AnswerValue } from './values.ts'

export interface AnswerChoice {
  value: AnswerValue
  label: string
  /** ordinalValue (or itemWeight / iso21090-CO-value) of the option, for scores. */
  ordinal: number | undefined
  /** Tessera exclusion flag on the option. */
  exclusion: Coding | undefined
  initialSelected: boolean
}

export type ChoicesResult = { ok: true; choices: AnswerChoice[] } | { ok: false; problem: string }

/** The options of `item`, or undefined when it has none that can be resolved. */
export function choicesOf(item: QuestionnaireItem, questionnaire: Questionnaire): AnswerChoice[] | undefined {
  const found = resolveChoices(item, questionnaire.contained)
  return found.ok ? found.choices : undefined
}

export function resolveChoices(item: unknown, contained: unknown): ChoicesResult {
  if (!isRecord(item)) return { ok: false, problem: 'is not an item' }
  const options = item['answerOption']
  if (Array.isArray(options)) {
    const choices: AnswerChoice[] = []
    for (const option of options as unknown[]) {
      const read = readValue(option, 'value', OPTION_TYPES)
      if (!read.ok) return { ok: false, problem: `has an answerOption that ${read.problem}` }
      choices.push({
        value: read.value,
        label: labelOf(read.value),
        ordinal: ordinalOf(option),
        exclusion: exclusionOf(option),
        initialSelected: isRecord(option) && option['initialSelected'] === true,
      })
    }
    return { ok: true, choices }
  }
  const ref = item['answerValueSet']
  if (typeof ref === 'string') return valueSetChoices(ref, contained)
  return { ok: false, problem: 'has neither answerOption nor answerValueSet' }
}

function valueSetChoices(ref: string, contained: unknown): ChoicesResult {
  if (!ref.startsWith('#'))
    return {
      ok: false,
      problem: 'must refer to a contained ValueSet (#id); other value sets are not expanded',
    }
  const resources = Array.isArray(contained) ? (contained as unknown[]) : []
  const vs = resources.find(
    (r) => isRecord(r) && r['resourceType'] === 'ValueSet' && `#${String(r['id'])}` === ref,
  )
  if (!isRecord(vs))
    return { ok: false, problem: 'refers to a ValueSet that is not contained in the questionnaire' }
  const choices: AnswerChoice[] = []
  const compose = vs['compose']
  for (const include of records(isRecord(compose) ? compose['include'] : undefined)) {
    if (
      include['filter'] !== undefined ||
      include['valueSet'] !== undefined ||
      !Array.isArray(include['concept'])
    )
      return {
        ok: false,
        problem: 'refers to a ValueSet that does not list its concepts (filters are not expanded)',
      }
    for (const concept of records(include['concept'])) choices.push(conceptChoice(include['system'], concept))
  }
  const expansion = vs['expansion']
  const pending = records(isRecord(expansion) ? expansion['contains'] : undefined)
  for (let next = pending.shift(); next; next = pending.shift()) {
    if (typeof next['code'] === 'string') choices.push(conceptChoice(next['system'], next))
    pending.push(...records(next['contains']))
  }
  if (choices.length === 0) return { ok: false, problem: 'refers to a ValueSet without concepts' }
  return { ok: true, choices }
}

function conceptChoice(system: unknown, concept: JsonObject): AnswerChoice {
  const coding: Coding = { code: String(concept['code']) }
  if (typeof system === 'string') coding.system = system
  if (typeof concept['display'] === 'string') coding.display = concept['display']
  const value: AnswerValue = { type: 'coding', value: coding }
  return {
    value,
    label: labelOf(value),
    ordinal: ordinalOf(concept),
    exclusion: undefined,
    initialSelected: false,
  }
}

function records(value: unknown): JsonObject[] {
  return Array.isArray(value) ? (value as unknown[]).filter(isRecord) : []
}

export function labelOf(value: AnswerValue): string {
  switch (value.type) {
    case 'coding':
      return value.value.display ?? value.value.code ?? ''
    case 'reference':
      return value.value.display ?? value.value.reference ?? ''
    case 'quantity':
      return `${value.value.value ?? ''} ${value.value.unit ?? value.value.code ?? ''}`.trim()
    case 'attachment':
      return value.value.title ?? value.value.url ?? ''
    default:
      return String(value.value)
  }
}
