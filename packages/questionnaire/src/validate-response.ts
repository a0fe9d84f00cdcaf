// The authority on a QuestionnaireResponse: the server refuses what this reports (4xx, one issue per
// item by linkId) and the client shows the same issues inline. See README.md for the rules.
import type {
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from '@medplum/fhirtypes'
import { answerProblem } from './answer-rules.ts'
import { sameValue } from './compare.ts'
import { Enablement, type Occurrence } from './enablement.ts'
import { canonicalOf, isChoiceType } from './items.ts'
import { choicesOf } from './options.ts'
import type { ResponseIssue } from './types.ts'
import { answerValues, readValue, type AnswerValue } from './values.ts'

/** Statuses that promise a finished form: every enabled required item must be answered. */
const COMPLETE = new Set(['completed', 'amended'])
const STATUSES = new Set(['in-progress', 'completed', 'amended', 'stopped', 'entered-in-error'])

interface Walk {
  questionnaire: Questionnaire
  enablement: Enablement
  complete: boolean
  issues: ResponseIssue[]
}

export function validateResponse(
  questionnaire: Questionnaire,
  response: QuestionnaireResponse,
): ResponseIssue[] {
  const issues: ResponseIssue[] = []
  const canonical = canonicalOf(questionnaire)
  const target = response.questionnaire
  if (target !== canonical) {
    const sameForm = typeof target === 'string' && target.split('|')[0] === questionnaire.url
    const message =
      typeof target !== 'string'
        ? `must name the questionnaire it answers (${canonical})`
        : sameForm
          ? `answers another version of this questionnaire; responses stay bound to their version (${canonical})`
          : `answers another questionnaire (expected ${canonical})`
    issues.push({ linkId: '', path: 'questionnaire', message })
  }
  if (!STATUSES.has(response.status))
    issues.push({ linkId: '', path: 'status', message: 'is not a response status' })
  try {
    const walk: Walk = {
      questionnaire,
      enablement: new Enablement(questionnaire, response),
      complete: COMPLETE.has(response.status),
      issues,
    }
    level(walk, questionnaire.item ?? [], response.item, walk.enablement.root, '')
  } catch {
    // Only a body the R4 validator should have refused gets here (a non-array answer, a dependency
    // chain deeper than the stack): refuse it rather than throw.
    issues.push({
      linkId: '',
      path: 'QuestionnaireResponse',
      message: 'could not be checked (unexpected structure)',
    })
  }
  return issues
}

function issue(walk: Walk, linkId: unknown, path: string, message: string): void {
  walk.issues.push({ linkId: String(linkId).slice(0, 255), path, message })
}

/** One list of response items against the questionnaire items expected at that place. */
function level(
  walk: Walk,
  defs: readonly QuestionnaireItem[],
  items: readonly QuestionnaireResponseItem[] | undefined,
  parent: Occurrence,
  prefix: string,
): void {
  const position = new Map(defs.map((d, i) => [d.linkId, i]))
  let furthest = -1
  const counted = new Map<string, number>()
  items?.forEach((item, i) => {
    const path = `${prefix}item[${i}]`
    const at = position.get(item.linkId)
    if (at === undefined) return misplaced(walk, item, path)
    if (at < furthest)
      issue(walk, item.linkId, path, 'is out of order: items follow the order of the questionnaire')
    furthest = Math.max(furthest, at)
    const count = (counted.get(item.linkId) ?? 0) + 1
    counted.set(item.linkId, count)
    const def = defs[at]
    if (count === 2 && !(def?.type === 'group' && def.repeats))
      issue(
        walk,
        item.linkId,
        path,
        'appears more than once; only repeating groups repeat (answers share one item)',
      )
  })
  for (const def of defs) {
    const present = (items ?? []).flatMap((item, i) => (item.linkId === def.linkId ? [{ item, i }] : []))
    if (present.length === 0) absent(walk, def, walk.enablement.childOf(parent, def.linkId), prefix)
    for (const { item, i } of present) {
      const node = walk.enablement.nodeFor(item)
      if (node) occurrence(walk, def, item, node, `${prefix}item[${i}]`)
    }
  }
}

function misplaced(walk: Walk, item: QuestionnaireResponseItem, path: string): void {
  const known = walk.enablement.index.get(item.linkId)
  const where = known?.parent ? `inside ${known.parent.item.linkId}` : 'at the top level'
  issue(
    walk,
    item.linkId,
    path,
    known
      ? `is not expected here: the questionnaire has it ${where}`
      : 'is not an item of this questionnaire version',
  )
}

/** A questionnaire item with no response item in the list at `${prefix}item`. */
function absent(walk: Walk, def: QuestionnaireItem, node: Occurrence, prefix: string): void {
  if (!walk.complete || !walk.enablement.enabled(node)) return
  if (def.required) return issue(walk, def.linkId, `${prefix}item`, 'is required')
  // A non-repeating group is only structure: its required questions are required all the same.
  if (def.type === 'group' && !def.repeats) level(walk, def.item ?? [], undefined, node, prefix)
}

function occurrence(
  walk: Walk,
  def: QuestionnaireItem,
  item: QuestionnaireResponseItem,
  node: Occurrence,
  path: string,
): void {
  if (!walk.enablement.enabled(node)) return disabledAnswers(walk, item, path)
  const answers = item.answer ?? []
  if (def.type === 'group' || def.type === 'display') {
    if (answers.length > 0)
      issue(walk, def.linkId, `${path}.answer`, `is a ${def.type} item and cannot have answers`)
    if (def.required && walk.complete && !hasAnswer(item)) issue(walk, def.linkId, path, 'is required')
    return level(walk, def.item ?? [], item.item, node, `${path}.`)
  }
  const values = checkAnswers(walk, def, item, path)
  if (def.required && walk.complete && values.length === 0) issue(walk, def.linkId, path, 'is required')
  if (def.readOnly && values.length > 0 && !sameValues(values, initialValues(walk, def)))
    issue(walk, def.linkId, path, 'is read-only and must keep its initial value')
  const nestedUnderAnswers = answers.some((a) => a.item !== undefined)
  if (item.item && nestedUnderAnswers)
    issue(walk, def.linkId, path, 'nests items both under the item and under its answers (R4 qrs-1)')
  if (item.item) level(walk, def.item ?? [], item.item, node, `${path}.`)
  answers.forEach((a, j) => {
    if (a.item) level(walk, def.item ?? [], a.item, node, `${path}.answer[${j}].`)
  })
  if (!item.item && !nestedUnderAnswers && values.length > 0 && def.item)
    level(walk, def.item, undefined, node, `${path}.`)
}

function checkAnswers(
  walk: Walk,
  def: QuestionnaireItem,
  item: QuestionnaireResponseItem,
  path: string,
): AnswerValue[] {
  const answers = item.answer ?? []
  if (answers.length > 1 && !def.repeats)
    issue(walk, def.linkId, `${path}.answer`, 'has more than one answer but the item does not repeat')
  const choices = isChoiceType(def.type) ? choicesOf(def, walk.questionnaire) : undefined
  const valid: AnswerValue[] = []
  answers.forEach((answer, j) => {
    const at = `${path}.answer[${j}]`
    const read = readValue(answer, 'value')
    if (!read.ok) return issue(walk, def.linkId, at, read.problem)
    const problem = answerProblem(def, read.value, choices)
    if (problem) issue(walk, def.linkId, `${at}.${read.key}`, problem)
    else valid.push(read.value)
  })
  return valid
}

function disabledAnswers(walk: Walk, item: QuestionnaireResponseItem, path: string): void {
  if ((item.answer ?? []).length > 0)
    issue(walk, item.linkId, path, 'is disabled (its enableWhen conditions are not met) but has an answer')
  item.item?.forEach((child, i) => disabledAnswers(walk, child, `${path}.item[${i}]`))
  item.answer?.forEach((a, j) =>
    a.item?.forEach((child, i) => disabledAnswers(walk, child, `${path}.answer[${j}].item[${i}]`)),
  )
}

function hasAnswer(item: QuestionnaireResponseItem): boolean {
  return (
    answerValues(item.answer).length > 0 ||
    (item.item ?? []).some(hasAnswer) ||
    (item.answer ?? []).some((a) => (a.item ?? []).some(hasAnswer))
  )
}

function initialValues(walk: Walk, def: QuestionnaireItem): AnswerValue[] {
  if (def.answerOption)
    return (choicesOf(def, walk.questionnaire) ?? []).filter((c) => c.initialSelected).map((c) => c.value)
  return answerValues(def.initial)
}

function sameValues(a: readonly AnswerValue[], b: readonly AnswerValue[]): boolean {
  return a.length === b.length && a.every((v) => b.some((w) => sameValue(v, w)))
}
