// Import rules for enableWhen: the question exists and has answers, the operator suits the answer
// type, answer[x] has the type of the question (and is one of its options), and no dependency cycle.
import { ORDERED_TYPES, sameValue } from './compare.ts'
import { isChoiceType, isQuestionType, VALUE_TYPE_FOR } from './items.ts'
import { resolveChoices } from './options.ts'
import { isRecord } from './types.ts'
import type { CheckContext, ItemEntry } from './validate-questionnaire.ts'
import { ENABLE_WHEN_TYPES, readValue, valueKey, type ValueType } from './values.ts'

export const OPERATORS: readonly string[] = ['exists', '=', '!=', '>', '<', '>=', '<=']

export function enableWhenProblems(entry: ItemEntry, ctx: CheckContext): void {
  const list = entry.node['enableWhen']
  if (list === undefined) return
  const error = (at: string, message: string) => {
    ctx.errors.push({ path: `${entry.path}.${at}`, message })
  }
  if (!Array.isArray(list) || list.length === 0) return error('enableWhen', 'must be a non-empty array')
  list.forEach((condition: unknown, k) => {
    const at = `enableWhen[${k}]`
    if (!isRecord(condition)) return error(at, 'must be a JSON object')
    const question = condition['question']
    const target = typeof question === 'string' ? ctx.byLinkId.get(question) : undefined
    if (typeof question !== 'string' || !target)
      return error(`${at}.question`, 'must be the linkId of an item in this questionnaire')
    if (target === entry) return error(`${at}.question`, 'refers to the item itself')
    const operator = condition['operator']
    if (typeof operator !== 'string' || !OPERATORS.includes(operator))
      return error(`${at}.operator`, `must be one of ${OPERATORS.join(' ')}`)
    const read = readValue(condition, 'answer', ENABLE_WHEN_TYPES)
    if (!read.ok) return error(at, read.problem)
    const targetType = String(target.node['type'])
    if (!isQuestionType(targetType))
      return error(`${at}.question`, `refers to a ${targetType} item, which has no answers`)
    if (operator === 'exists') {
      if (read.value.type !== 'boolean')
        error(`${at}.${read.key}`, 'must be answerBoolean with exists (R4 que-7)')
      return
    }
    const allowed = answerTypesOf(target, ctx)
    if (!allowed.includes(read.value.type))
      return error(
        `${at}.${read.key}`,
        allowed.length > 0
          ? `does not match the type of ${question}: use ${allowed.map((t) => valueKey('answer', t)).join(' or ')}`
          : `${question} is a ${targetType} item: only the exists operator applies`,
      )
    if (operator !== '=' && operator !== '!=') {
      if (!ORDERED_TYPES.has(read.value.type))
        error(
          `${at}.operator`,
          `${operator} needs an ordered type (decimal, integer, date, dateTime, time, quantity)`,
        )
      return
    }
    const openText = targetType === 'open-choice' && read.value.type === 'string'
    const options = resolveChoices(target.node, ctx.contained)
    if (
      isChoiceType(targetType) &&
      !openText &&
      options.ok &&
      !options.choices.some((c) => sameValue(c.value, read.value))
    )
      error(`${at}.${read.key}`, `is not one of the answer options of ${question}`)
  })
}

/** The answer[x] types that can match answers to `target`. */
function answerTypesOf(target: ItemEntry, ctx: CheckContext): ValueType[] {
  const type = String(target.node['type'])
  if (isChoiceType(type)) {
    const found = resolveChoices(target.node, ctx.contained)
    const types = found.ok
      ? [...new Set(found.choices.map((c) => c.value.type))]
      : (['coding'] as ValueType[])
    return type === 'open-choice' && !types.includes('string') ? [...types, 'string'] : types
  }
  const direct = VALUE_TYPE_FOR[type]
  if (direct === 'attachment' || direct === undefined) return []
  return direct === 'uri' ? ['string'] : [direct]
}

/**
 * An item depends on the questions its enableWhen names and on its parent (a disabled parent
 * disables it). A condition whose question depends, through these edges, on the item itself can
 * never be evaluated consistently: refused.
 */
export function cycleProblems(ctx: CheckContext): void {
  const dependsOn = new Map<string, string[]>()
  for (const entry of ctx.entries) {
    const on = entry.parent ? [entry.parent.linkId] : []
    for (const c of conditions(entry)) if (ctx.byLinkId.has(c.question)) on.push(c.question)
    dependsOn.set(entry.linkId, [...(dependsOn.get(entry.linkId) ?? []), ...on])
  }
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>()
    const pending = [from]
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      if (next === to) return true
      if (seen.has(next)) continue
      seen.add(next)
      pending.push(...(dependsOn.get(next) ?? []))
    }
    return false
  }
  for (const entry of ctx.entries)
    for (const c of conditions(entry))
      if (c.question !== entry.linkId && ctx.byLinkId.has(c.question) && reaches(c.question, entry.linkId))
        ctx.errors.push({
          path: `${entry.path}.enableWhen[${c.index}].question`,
          message: `creates a dependency cycle: ${c.question} depends on ${entry.linkId} in turn`,
        })
}

function conditions(entry: ItemEntry): Array<{ question: string; index: number }> {
  const list = entry.node['enableWhen']
  if (!Array.isArray(list)) return []
  return (list as unknown[]).flatMap((c, index) =>
    isRecord(c) && typeof c['question'] === 'string' ? [{ question: c['question'], index }] : [],
  )
}
