// A submitted response as the care team reads it: each section's questions with their answers as
// display text (labels taken from the questionnaire version it answered, never from the response),
// ordinal score totals with PHQ-9/GAD-7 bands, and exclusion flags.
import type {
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
} from '@medplum/fhirtypes'
import type { IntakeAnswerRow, IntakeScore, IntakeSummary } from '@tessera/contracts'
import {
  choicesOf,
  exclusionFlags,
  readValue,
  score,
  sectionsOf,
  type AnswerValue,
} from '@tessera/questionnaire'
import { documentIdOf } from './attachment-answers.ts'
import { splitCanonical } from './questionnaire-library.ts'

interface Walk {
  questionnaire: Questionnaire
  flagged: Set<string>
  rows: IntakeAnswerRow[]
}

export function buildSummary(
  questionnaire: Questionnaire,
  responseId: string,
  response: QuestionnaireResponse,
): IntakeSummary {
  const flags = exclusionFlags(questionnaire, response)
  const walk: Walk = { questionnaire, flagged: new Set(flags.map((f) => f.linkId)), rows: [] }
  const sections = sectionsOf(questionnaire).flatMap((section) => {
    walk.rows = []
    const scope = section.group
      ? (response.item ?? []).filter((i) => i.linkId === section.group?.linkId).flatMap((i) => i.item ?? [])
      : (response.item ?? [])
    rowsFor(walk, section.items, scope, 0)
    return walk.rows.length > 0
      ? [{ title: section.title ?? questionnaire.title ?? 'Answers', rows: walk.rows }]
      : []
  })
  const canonical = splitCanonical(response.questionnaire ?? '')
  const summary: IntakeSummary = {
    responseId,
    url: canonical.url,
    version: canonical.version,
    title: questionnaire.title ?? questionnaire.name ?? canonical.url,
    submittedAt: response.authored ?? '',
    sections,
    exclusions: flags.map((f) => ({ linkId: f.linkId, code: f.code, display: f.display ?? f.code })),
  }
  const scored = scoreOf(questionnaire, response)
  if (scored) summary.score = scored
  return summary
}

function scoreOf(questionnaire: Questionnaire, response: QuestionnaireResponse): IntakeScore | undefined {
  const result = score(questionnaire, response)
  if (result.scored === 0) return undefined
  const out: IntakeScore = {
    total: result.total,
    answered: result.answered,
    scored: result.scored,
    complete: result.complete,
    alerts: result.instrument?.alerts.map((a) => a.code) ?? [],
  }
  if (result.instrument) {
    out.instrument = result.instrument.name
    out.max = result.instrument.max
    if (result.instrument.band) out.band = result.instrument.band
  }
  return out
}

function rowsFor(
  walk: Walk,
  defs: readonly QuestionnaireItem[],
  scope: readonly QuestionnaireResponseItem[],
  depth: number,
): void {
  for (const def of defs) {
    if (def.type === 'display') continue
    const matches = scope.filter((i) => i.linkId === def.linkId)
    if (def.type === 'group') {
      matches.forEach((match, k) => {
        const label = def.repeats ? `${def.text ?? def.linkId} ${k + 1}` : (def.text ?? def.linkId)
        const heading: IntakeAnswerRow = {
          linkId: def.linkId,
          question: label,
          answers: [],
          flagged: false,
          depth,
        }
        const at = walk.rows.push(heading)
        rowsFor(walk, def.item ?? [], match.item ?? [], depth + 1)
        // A heading with nothing under it is left out.
        if (walk.rows.length === at) walk.rows.pop()
      })
      continue
    }
    for (const match of matches) {
      const answers = match.answer ?? []
      if (answers.length === 0) continue
      const row: IntakeAnswerRow = {
        linkId: def.linkId,
        question: def.text ?? def.linkId,
        answers: answers.map((a) => answerText(walk.questionnaire, def, a)),
        flagged: walk.flagged.has(def.linkId),
        depth,
      }
      const documentId = documentIdOf(answers.find((a) => a.valueAttachment)?.valueAttachment?.url)
      if (documentId) row.documentId = documentId
      walk.rows.push(row)
      const nested = [...(match.item ?? []), ...answers.flatMap((a) => a.item ?? [])]
      if (nested.length > 0) rowsFor(walk, def.item ?? [], nested, depth + 1)
    }
  }
}

function answerText(
  questionnaire: Questionnaire,
  def: QuestionnaireItem,
  answer: QuestionnaireResponseItemAnswer,
): string {
  const read = readValue(answer, 'value')
  if (!read.ok) return ''
  const value = read.value
  const choice = choicesOf(def, questionnaire)?.find((c) => sameChoice(c.value, value))
  if (choice) return choice.label
  switch (value.type) {
    case 'boolean':
      return value.value ? 'Yes' : 'No'
    case 'coding':
      return value.value.display ?? value.value.code ?? ''
    case 'quantity':
      return `${value.value.value ?? ''} ${value.value.unit ?? value.value.code ?? ''}`.trim()
    case 'attachment':
      return value.value.title ?? 'Attached file'
    case 'reference':
      return value.value.display ?? value.value.reference ?? ''
    default:
      return String(value.value)
  }
}

function sameChoice(option: AnswerValue, given: AnswerValue): boolean {
  if (option.type !== given.type) return false
  if (option.type === 'coding' && given.type === 'coding')
    return (
      option.value.code === given.value.code && (option.value.system ?? '') === (given.value.system ?? '')
    )
  return option.type !== 'coding' && option.value === given.value
}
