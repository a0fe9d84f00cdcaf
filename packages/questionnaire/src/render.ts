// Rendering helpers shared by the web app and the server (which never renders, but builds the same
// initial response): sections for one-section-per-screen, the control for each item, initial answers.
import type {
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from '@medplum/fhirtypes'
import { itemControlOf } from './extensions.ts'
import { canonicalOf, isChoiceType } from './items.ts'
import { choicesOf } from './options.ts'
import { answerValues, toAnswer } from './values.ts'

export interface Section {
  /** The group's linkId, or for loose items the linkId of the first one. */
  id: string
  title: string | undefined
  /** The top-level group the section shows, if any (hide the section when it is disabled). */
  group: QuestionnaireItem | undefined
  items: QuestionnaireItem[]
}

/**
 * One section per top-level non-repeating group; consecutive other top-level items (questions,
 * display text, repeating groups) share one untitled section.
 */
export function sectionsOf(questionnaire: Questionnaire): Section[] {
  const sections: Section[] = []
  let loose: Section | undefined
  for (const item of questionnaire.item ?? []) {
    if (item.type === 'group' && !item.repeats) {
      loose = undefined
      sections.push({ id: item.linkId, title: item.text, group: item, items: item.item ?? [] })
      continue
    }
    if (!loose) {
      loose = { id: item.linkId, title: undefined, group: undefined, items: [] }
      sections.push(loose)
    }
    loose.items.push(item)
  }
  return sections
}

export type Control =
  | 'group'
  | 'repeating-group'
  | 'display'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'date'
  | 'dateTime'
  | 'time'
  | 'string'
  | 'text'
  | 'url'
  | 'attachment'
  | 'quantity'
  | 'radio'
  | 'check-box'
  | 'drop-down'
  | 'autocomplete'
  | 'unsupported'

/** Up to this many options show as radio buttons (or check boxes when the item repeats). */
export const RADIO_MAX_OPTIONS = 5

/**
 * The widget for `item`. Choices follow the itemControl extension (radio-button, check-box,
 * drop-down, autocomplete) when present, else their option count. Open-choice items add a free-text
 * "other" field to whichever control this returns.
 */
export function controlFor(item: QuestionnaireItem, questionnaire?: Questionnaire): Control {
  if (item.type === 'group') return item.repeats ? 'repeating-group' : 'group'
  if (!isChoiceType(item.type))
    return item.type === 'question' || item.type === 'reference' ? 'unsupported' : item.type
  const pick = item.repeats ? 'check-box' : 'radio'
  switch (itemControlOf(item)) {
    case 'radio-button':
    case 'check-box':
      return pick
    case 'drop-down':
      return 'drop-down'
    case 'autocomplete':
      return 'autocomplete'
    default:
      break // no (known) itemControl: decide by the number of options
  }
  const count =
    item.answerOption?.length ?? (questionnaire ? choicesOf(item, questionnaire)?.length : undefined)
  return count !== undefined && count <= RADIO_MAX_OPTIONS ? pick : 'drop-down'
}

/**
 * Response items holding the initial values (`initial`, or options marked initialSelected), nested
 * as the questionnaire nests them; items without one are left out. Initial values of items that
 * start disabled are included: submit through `pruneDisabled`.
 */
export function initialAnswers(questionnaire: Questionnaire): QuestionnaireResponseItem[] {
  const build = (items: readonly QuestionnaireItem[]): QuestionnaireResponseItem[] =>
    items.flatMap((item): QuestionnaireResponseItem[] => {
      if (item.type === 'display') return []
      const nested = build(item.item ?? [])
      if (item.type === 'group') return nested.length > 0 ? [{ linkId: item.linkId, item: nested }] : []
      const values = item.answerOption
        ? (choicesOf(item, questionnaire) ?? []).filter((c) => c.initialSelected).map((c) => c.value)
        : answerValues(item.initial)
      const answer = values.map(toAnswer)
      const [first] = answer
      if (!first) return []
      if (nested.length > 0) first.item = nested
      return [{ linkId: item.linkId, answer }]
    })
  return build(questionnaire.item ?? [])
}

/** An in-progress response bound to this questionnaire version, with the initial answers. */
export function newResponse(questionnaire: Questionnaire): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: canonicalOf(questionnaire),
    status: 'in-progress',
    item: initialAnswers(questionnaire),
  }
}
