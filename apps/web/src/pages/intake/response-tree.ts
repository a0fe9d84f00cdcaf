// The answers being filled in, kept as the QuestionnaireResponse item tree the form engine reads
// (so enableWhen and validation run on exactly what is saved). An occurrence is addressed by its
// path: for each level, a linkId and which occurrence of it (repeating groups have several).
// Updates copy only the branch they change and keep items in questionnaire order.
import type {
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
} from '@medplum/fhirtypes'

export interface Step {
  linkId: string
  /** Which occurrence among siblings with this linkId (0 unless a repeating group). */
  index: number
}
export type ItemPath = readonly Step[]
type Items = readonly QuestionnaireResponseItem[]

/** Where each linkId sits among its siblings in the questionnaire (linkIds are unique, que-2). */
export interface FormIndex {
  position: Map<string, number>
  def: Map<string, QuestionnaireItem>
}

export function indexForm(questionnaire: Questionnaire): FormIndex {
  const position = new Map<string, number>()
  const def = new Map<string, QuestionnaireItem>()
  const visit = (items: readonly QuestionnaireItem[] | undefined) =>
    items?.forEach((item, i) => {
      position.set(item.linkId, i)
      def.set(item.linkId, item)
      visit(item.item)
    })
  visit(questionnaire.item)
  return { position, def }
}

function occurrences(list: Items, linkId: string): number[] {
  return list.flatMap((item, i) => (item.linkId === linkId ? [i] : []))
}

/** The response items along `path` that exist, outermost first (stops at the first missing one). */
export function itemsAlong(items: Items, path: ItemPath): QuestionnaireResponseItem[] {
  const found: QuestionnaireResponseItem[] = []
  let list = items
  for (const step of path) {
    const at = occurrences(list, step.linkId)[step.index]
    const item = at === undefined ? undefined : list[at]
    if (!item) break
    found.push(item)
    list = item.item ?? []
  }
  return found
}

export function itemAt(items: Items, path: ItemPath): QuestionnaireResponseItem | undefined {
  const along = itemsAlong(items, path)
  return along.length === path.length ? along.at(-1) : undefined
}

/** How many occurrences of `linkId` the list under `parent` holds. */
export function countAt(items: Items, parent: ItemPath, linkId: string): number {
  const list = parent.length === 0 ? items : (itemAt(items, parent)?.item ?? [])
  return occurrences(list, linkId).length
}

type Update = (current: QuestionnaireResponseItem | undefined) => QuestionnaireResponseItem | undefined

/** A copy of `items` with the occurrence at `path` replaced (created where missing, removed on undefined). */
export function updateAt(
  items: Items,
  path: ItemPath,
  form: FormIndex,
  update: Update,
): QuestionnaireResponseItem[] {
  const [step, ...rest] = path
  if (!step) return [...items]
  const at = occurrences(items, step.linkId)[step.index]
  const current = at === undefined ? undefined : items[at]
  let next: QuestionnaireResponseItem | undefined
  if (rest.length === 0) next = update(current)
  else {
    const children = updateAt(current?.item ?? [], rest, form, update)
    next = { ...(current ?? { linkId: step.linkId }), item: children }
  }
  const list = [...items]
  if (at !== undefined) {
    if (next) list[at] = next
    else list.splice(at, 1)
    return list
  }
  if (!next) return list
  // A new occurrence goes after its siblings of the same linkId and before any later item.
  const order = form.position.get(step.linkId) ?? Number.MAX_SAFE_INTEGER
  const before = list.findIndex((item) => (form.position.get(item.linkId) ?? -1) > order)
  list.splice(before < 0 ? list.length : before, 0, next)
  return list
}

export function setAnswers(
  items: Items,
  path: ItemPath,
  form: FormIndex,
  answers: QuestionnaireResponseItemAnswer[],
): QuestionnaireResponseItem[] {
  return updateAt(items, path, form, (current) => {
    const linkId = current?.linkId ?? path.at(-1)?.linkId ?? ''
    const nested = current?.item
    if (answers.length > 0) return { ...(nested ? { item: nested } : {}), linkId, answer: answers }
    return nested && nested.length > 0 ? { linkId, item: nested } : undefined
  })
}

/** Adds an occurrence of a repeating group, holding its initial answers. */
export function addOccurrence(
  items: Items,
  parent: ItemPath,
  form: FormIndex,
  linkId: string,
  initial: QuestionnaireResponseItem[],
): QuestionnaireResponseItem[] {
  const index = countAt(items, parent, linkId)
  return updateAt(items, [...parent, { linkId, index }], form, () => ({
    linkId,
    ...(initial.length > 0 ? { item: initial } : {}),
  }))
}

export function removeOccurrence(items: Items, path: ItemPath, form: FormIndex): QuestionnaireResponseItem[] {
  return updateAt(items, path, form, () => undefined)
}

/**
 * What is saved: no empty arrays (FHIR JSON has none), no question without an answer, no
 * non-repeating group without content. A repeating group's occurrence stays even when empty: the
 * patient added it, and validation then asks for its required answers.
 */
export function cleanItems(items: Items, form: FormIndex): QuestionnaireResponseItem[] {
  return items.flatMap((item): QuestionnaireResponseItem[] => {
    const def = form.def.get(item.linkId)
    const children = item.item ? cleanItems(item.item, form) : []
    const answers = (item.answer ?? []).map((a) => (a.item ? { ...a, item: cleanItems(a.item, form) } : a))
    const out: QuestionnaireResponseItem = { linkId: item.linkId }
    if (answers.length > 0)
      out.answer = answers.map(({ item: nested, ...rest }) =>
        nested?.length ? { ...rest, item: nested } : rest,
      )
    if (children.length > 0) out.item = children
    return out.answer || out.item || isRepeatingGroup(def) ? [out] : []
  })
}

export function isRepeatingGroup(def: QuestionnaireItem | undefined): boolean {
  return def?.type === 'group' && def.repeats === true
}

/** A stable key for one field: its linkId, then the occurrence of each enclosing repeating group. */
export function fieldKey(linkId: string, groups: ReadonlyArray<readonly [string, number]>): string {
  return [linkId, ...groups.map(([group, index]) => `${group}#${index}`)].join('|')
}

export function fieldKeyOf(path: ItemPath, form: FormIndex): string {
  const groups = path
    .slice(0, -1)
    .filter((s) => isRepeatingGroup(form.def.get(s.linkId)))
    .map((s) => [s.linkId, s.index] as const)
  return fieldKey(path.at(-1)?.linkId ?? '', groups)
}
