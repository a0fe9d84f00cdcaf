// enableWhen evaluation over one response (R4 questionnaire.html#Questionnaire.item.enableWhen).
//
// The response becomes a tree of occurrences: one node per response item, with the items under
// `item.item` and under `item.answer[].item` as children; an item missing from the response gets a
// virtual node where it would be. An occurrence is enabled when its parent occurrence is enabled and
// its own conditions hold (enableBehavior 'all' = every condition, otherwise any one).
//
// Which answers a condition reads (R4: "the nearest question occurrence reachable by tracing first
// the ancestor axis"): starting at the parent of the occurrence and moving outwards, the first scope
// (an ancestor occurrence with its whole subtree, finally the whole response) that contains the
// question supplies every occurrence of it in that scope. So inside a repeating group, a question of
// the same instance wins; from outside the group, the answers of every instance count, and a
// condition holds when any of them satisfies it. Occurrences that are themselves disabled count as
// unanswered (R4: "proceed as though the item is not valued"); a dependency cycle counts as disabled.
import type {
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireItemEnableWhen,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from '@medplum/fhirtypes'
import { order, sameValue } from './compare.ts'
import { indexItems, lineage, type IndexedItem } from './items.ts'
import { answerValues, ENABLE_WHEN_TYPES, readValue, type AnswerValue } from './values.ts'

export interface Occurrence {
  linkId: string
  item: QuestionnaireResponseItem | undefined
  parent: Occurrence | undefined
  children: Occurrence[]
}

export class Enablement {
  readonly index: Map<string, IndexedItem>
  readonly root: Occurrence = { linkId: '', item: undefined, parent: undefined, children: [] }
  private readonly nodes = new Map<QuestionnaireResponseItem, Occurrence>()
  private readonly virtuals = new Map<Occurrence, Map<string, Occurrence>>()
  private readonly scopes = new Map<Occurrence, Map<string, Occurrence[]>>()
  private readonly cache = new Map<Occurrence, boolean>()
  private readonly pending = new Set<Occurrence>()

  constructor(questionnaire: Questionnaire, response: QuestionnaireResponse | undefined) {
    this.index = indexItems(questionnaire)
    this.attach(this.root, response?.item)
  }

  private attach(parent: Occurrence, items: readonly QuestionnaireResponseItem[] | undefined): void {
    for (const item of items ?? []) {
      const node: Occurrence = { linkId: item.linkId, item, parent, children: [] }
      parent.children.push(node)
      this.nodes.set(item, node)
      this.attach(node, item.item)
      for (const answer of item.answer ?? []) this.attach(node, answer.item)
    }
  }

  nodeFor(item: QuestionnaireResponseItem): Occurrence | undefined {
    return this.nodes.get(item)
  }

  /** The first occurrence of `linkId` among the children of `parent`, or a virtual one. */
  childOf(parent: Occurrence, linkId: string): Occurrence {
    const real = parent.children.find((c) => c.linkId === linkId)
    if (real) return real
    const known = this.virtuals.get(parent) ?? new Map<string, Occurrence>()
    this.virtuals.set(parent, known)
    const existing = known.get(linkId)
    if (existing) return existing
    const node: Occurrence = { linkId, item: undefined, parent, children: [] }
    known.set(linkId, node)
    return node
  }

  /**
   * The occurrence of `item`, following `context` (the response items enclosing it, outermost first,
   * optionally ending with its own) and otherwise the first occurrence of each ancestor.
   */
  locate(item: QuestionnaireItem, context: readonly QuestionnaireResponseItem[] = []): Occurrence {
    const entry = this.index.get(item.linkId)
    const chain = entry ? lineage(entry) : [item]
    let node = this.root
    let next = 0
    for (const step of chain) {
      const given = context[next]
      const known = given && given.linkId === step.linkId ? this.nodes.get(given) : undefined
      if (given?.linkId === step.linkId) next++
      node = known ?? this.childOf(node, step.linkId)
    }
    return node
  }

  enabled(node: Occurrence): boolean {
    if (node === this.root) return true
    const cached = this.cache.get(node)
    if (cached !== undefined) return cached
    if (this.pending.has(node)) return false
    this.pending.add(node)
    const def = this.index.get(node.linkId)?.item
    let result = node.parent ? this.enabled(node.parent) : true
    const conditions = def?.enableWhen ?? []
    if (result && conditions.length > 0) {
      const outcomes = conditions.map((c) => this.holds(c, node))
      result = def?.enableBehavior === 'all' ? outcomes.every(Boolean) : outcomes.some(Boolean)
    }
    this.pending.delete(node)
    this.cache.set(node, result)
    return result
  }

  private holds(condition: QuestionnaireItemEnableWhen, node: Occurrence): boolean {
    const answers = this.answersFor(condition.question, node)
    if (condition.operator === 'exists')
      return typeof condition.answerBoolean === 'boolean' && answers.length > 0 === condition.answerBoolean
    const read = readValue(condition, 'answer', ENABLE_WHEN_TYPES)
    if (!read.ok) return false
    return compare(condition.operator, answers, read.value)
  }

  private answersFor(question: string, node: Occurrence): AnswerValue[] {
    for (let scope = node.parent; scope; scope = scope.parent) {
      const found = this.occurrences(scope).get(question)
      if (found?.length)
        return found.filter((n) => n !== node && this.enabled(n)).flatMap((n) => answerValues(n.item?.answer))
    }
    return []
  }

  /** The scope itself (unless it is the root) and its descendants, by linkId. */
  private occurrences(scope: Occurrence): Map<string, Occurrence[]> {
    const cached = this.scopes.get(scope)
    if (cached) return cached
    const found = new Map<string, Occurrence[]>()
    const pending = scope === this.root ? [...scope.children] : [scope]
    for (let next = pending.pop(); next; next = pending.pop()) {
      const list = found.get(next.linkId)
      if (list) list.push(next)
      else found.set(next.linkId, [next])
      pending.push(...next.children)
    }
    this.scopes.set(scope, found)
    return found
  }
}

/**
 * R4 operators over every answer of the question: `=` and the orderings hold when at least one answer
 * satisfies them; `!=` holds when no answer equals the value (so also when there is no answer).
 */
export function compare(operator: string, answers: readonly AnswerValue[], expected: AnswerValue): boolean {
  const some = (test: (sign: number) => boolean) =>
    answers.some((a) => {
      const sign = order(a, expected)
      return sign !== undefined && test(sign)
    })
  switch (operator) {
    case '=':
      return answers.some((a) => sameValue(a, expected))
    case '!=':
      return !answers.some((a) => sameValue(a, expected))
    case '>':
      return some((s) => s > 0)
    case '<':
      return some((s) => s < 0)
    case '>=':
      return some((s) => s >= 0)
    case '<=':
      return some((s) => s <= 0)
    default:
      return false
  }
}
