// Public enableWhen API. The rules (nearest answer in context, disabled ancestors, `!=` with no
// answer) are in enablement.ts.
import type {
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from '@medplum/fhirtypes'
import { Enablement, type Occurrence } from './enablement.ts'

/**
 * Whether `item` is enabled. `context` places it in the response: the response items enclosing it,
 * outermost first (e.g. `[medicinesInstance]` for a question inside one repetition of a repeating
 * group); without it the first occurrence of each enclosing group is used.
 */
export function isEnabled(
  item: QuestionnaireItem,
  response: QuestionnaireResponse | undefined,
  questionnaire: Questionnaire,
  context: readonly QuestionnaireResponseItem[] = [],
): boolean {
  const enablement = new Enablement(questionnaire, response)
  return enablement.enabled(enablement.locate(item, context))
}

export interface EnabledItem {
  item: QuestionnaireItem
  /** The response item for this occurrence, when the response has one. */
  responseItem: QuestionnaireResponseItem | undefined
  /** The response items enclosing this occurrence, outermost first (pass to `isEnabled`). */
  context: QuestionnaireResponseItem[]
}

/**
 * Every enabled item occurrence in questionnaire order; each repetition of a repeating group is its
 * own occurrence. Items missing from the response appear once, with `responseItem` undefined.
 * Descendants of a disabled item are left out.
 */
export function enabledItems(
  questionnaire: Questionnaire,
  response: QuestionnaireResponse | undefined,
): EnabledItem[] {
  const enablement = new Enablement(questionnaire, response)
  const found: EnabledItem[] = []
  const visit = (
    items: readonly QuestionnaireItem[] | undefined,
    parent: Occurrence,
    context: QuestionnaireResponseItem[],
  ) => {
    for (const item of items ?? []) {
      const real = parent.children.filter((c) => c.linkId === item.linkId)
      const occurrences = real.length > 0 ? real : [enablement.childOf(parent, item.linkId)]
      for (const node of occurrences) {
        if (!enablement.enabled(node)) continue
        found.push({ item, responseItem: node.item, context })
        visit(item.item, node, node.item ? [...context, node.item] : context)
      }
    }
  }
  visit(questionnaire.item, enablement.root, [])
  return found
}

/** linkIds with at least one enabled occurrence. */
export function enabledLinkIds(
  questionnaire: Questionnaire,
  response: QuestionnaireResponse | undefined,
): Set<string> {
  return new Set(enabledItems(questionnaire, response).map((e) => e.item.linkId))
}

/**
 * A copy of `response` without the answers of disabled items (and without their nested items), for
 * a client to submit after the patient changed an answer that disabled earlier questions.
 */
export function pruneDisabled(
  questionnaire: Questionnaire,
  response: QuestionnaireResponse,
): QuestionnaireResponse {
  const enablement = new Enablement(questionnaire, response)
  const prune = (items: readonly QuestionnaireResponseItem[] | undefined): QuestionnaireResponseItem[] =>
    (items ?? []).flatMap((item) => {
      const node = enablement.nodeFor(item)
      if (node && !enablement.enabled(node)) return []
      const copy: QuestionnaireResponseItem = { ...item }
      if (item.item) copy.item = prune(item.item)
      if (item.answer) copy.answer = item.answer.map((a) => (a.item ? { ...a, item: prune(a.item) } : a))
      return [copy]
    })
  return { ...response, item: prune(response.item) }
}
