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
      problem:
        'must refer to a contained ValueSet (#id): value sets outside the questionnaire are never fetched',
    }
  const resources = Array.isArray(contained) ? (contained as unknown[]) : []
  const vs = resources.find(
    (r) => isRecord(r) && r['resourceType'] === 'ValueSet' && `#${String(r['id'])}` === ref,
  )
  if (!isRecord(vs))
    return { ok: false, problem: 'refers to a ValueSet that is not contained in the questionnaire' }
  // An expansion is the value set's list as computed (R4 valueset.html#expansion): when there is one
  // it wins, so a set that gives both its compose and its expansion lists each concept once.
  const expansion = vs['expansion']
  const found = isRecord(expansion) ? expansionChoices(expansion) : composeChoices(vs['compose'])
  if (!found.ok) return found
  const seen = new Set<string>()
  const choices = found.choices.filter((c) => {
    const key = codingKey(c.value.type === 'coding' ? c.value.value : {})
    return seen.has(key) ? false : (seen.add(key), true)
  })
  if (choices.length === 0) return { ok: false, problem: 'refers to a ValueSet without concepts' }
  return { ok: true, choices }
}

function expansionChoices(expansion: JsonObject): ChoicesResult {
  const choices: AnswerChoice[] = []
  // In document order (an entry, then the ones nested in it), as the expansion presents them.
  const pending = records(expansion['contains']).reverse()
  for (let next = pending.pop(); next; next = pending.pop()) {
    // Abstract entries only group the ones below them; inactive ones may not be chosen any more.
    if (typeof next['code'] === 'string' && next['abstract'] !== true && next['inactive'] !== true)
      choices.push(conceptChoice(next['system'], next))
    pending.push(...records(next['contains']).reverse())
  }
  return { ok: true, choices }
}

function composeChoices(compose: unknown): ChoicesResult {
  const unexpanded = {
    ok: false as const,
    problem:
      'refers to a ValueSet that does not list its concepts (filters and imported value sets are not expanded)',
  }
  if (!isRecord(compose)) return { ok: true, choices: [] }
  const lists = (key: string) => records(compose[key])
  const listsConcepts = (part: JsonObject) =>
    part['filter'] === undefined && part['valueSet'] === undefined && Array.isArray(part['concept'])
  if (!lists('include').every(listsConcepts) || !lists('exclude').every(listsConcepts)) return unexpanded
  const excluded = new Set(
    lists('exclude').flatMap((part) =>
      records(part['concept']).map((c) => codingKey({ ...c, system: part['system'] })),
    ),
  )
  const choices = lists('include')
    .flatMap((part) => records(part['concept']).map((concept) => conceptChoice(part['system'], concept)))
    .filter((c) => c.value.type !== 'coding' || !excluded.has(codingKey(c.value.value)))
  return { ok: true, choices }
}

function codingKey(coding: { system?: unknown; code?: unknown }): string {
  return `${typeof coding.system === 'string' ? coding.system : ''}|${String(coding.code)}`
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
