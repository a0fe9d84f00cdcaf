// Item types this package renders and validates, and a linkId index over a questionnaire.
import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes'
import type { ItemType } from './types.ts'
import type { ValueType } from './values.ts'

/** R4 item types supported here. `question` (abstract) and `reference` are not (see README). */
export const SUPPORTED_TYPES: ReadonlySet<string> = new Set<ItemType>([
  'group',
  'display',
  'boolean',
  'decimal',
  'integer',
  'date',
  'dateTime',
  'time',
  'string',
  'text',
  'url',
  'choice',
  'open-choice',
  'attachment',
  'quantity',
])

/** The answer value type of each non-choice question type (R4 questionnaireresponse.html#answer). */
export const VALUE_TYPE_FOR: Partial<Record<string, ValueType>> = {
  boolean: 'boolean',
  decimal: 'decimal',
  integer: 'integer',
  date: 'date',
  dateTime: 'dateTime',
  time: 'time',
  string: 'string',
  text: 'string',
  url: 'uri',
  attachment: 'attachment',
  quantity: 'quantity',
}

/** Types that accept maxLength here: free text only. */
export const TEXT_TYPES: ReadonlySet<string> = new Set(['string', 'text', 'url', 'open-choice'])

export function isChoiceType(type: string): type is 'choice' | 'open-choice' {
  return type === 'choice' || type === 'open-choice'
}

export function isQuestionType(type: string): boolean {
  return type !== 'group' && type !== 'display'
}

export interface IndexedItem {
  item: QuestionnaireItem
  parent: IndexedItem | undefined
  /** `item[2].item[0]` */
  path: string
}

/** Every item by linkId (the first one wins if a questionnaire that failed validation repeats one). */
export function indexItems(questionnaire: Questionnaire): Map<string, IndexedItem> {
  const index = new Map<string, IndexedItem>()
  const visit = (
    items: readonly QuestionnaireItem[] | undefined,
    parent: IndexedItem | undefined,
    at: string,
  ) =>
    items?.forEach((item, i) => {
      const entry: IndexedItem = { item, parent, path: `${at}item[${i}]` }
      if (!index.has(item.linkId)) index.set(item.linkId, entry)
      visit(item.item, entry, `${entry.path}.`)
    })
  visit(questionnaire.item, undefined, '')
  return index
}

/** The items from the outermost ancestor down to `entry` itself. */
export function lineage(entry: IndexedItem): QuestionnaireItem[] {
  const chain: QuestionnaireItem[] = []
  for (let at: IndexedItem | undefined = entry; at; at = at.parent) chain.unshift(at.item)
  return chain
}

/** `url|version`, the canonical a response must name. */
export function canonicalOf(questionnaire: Questionnaire): string {
  return `${questionnaire.url ?? ''}|${questionnaire.version ?? ''}`
}
