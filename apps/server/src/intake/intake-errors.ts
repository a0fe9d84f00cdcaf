// A refused response: one 400 listing every problem, each naming its item by linkId (the detail's
// message starts with `<linkId>: `) and locating it in the response (the detail's path). The form
// engine never echoes submitted values, so neither does this.
import type { ResponseIssue } from '@tessera/questionnaire'
import { AppError, type ErrorDetail } from '../platform/errors.ts'

const MAX_DETAILS = 100

export function issueDetail(issue: ResponseIssue): ErrorDetail {
  return {
    path: issue.path ? `QuestionnaireResponse.${issue.path}` : 'QuestionnaireResponse',
    message: issue.linkId ? `${issue.linkId}: ${issue.message}` : issue.message,
  }
}

export function refuseResponse(
  issues: readonly ResponseIssue[],
  structural: readonly ErrorDetail[] = [],
): never {
  const linkIds = [...new Set(issues.map((i) => i.linkId).filter(Boolean))]
  const named =
    linkIds.length > 0 ? ` (${linkIds.slice(0, 20).join(', ')}${linkIds.length > 20 ? ', …' : ''})` : ''
  const count = issues.length + structural.length
  const details = [...issues.map(issueDetail), ...structural].slice(0, MAX_DETAILS)
  throw new AppError(
    'invalid',
    `The answers were not saved: ${count} ${count === 1 ? 'problem' : 'problems'}${named}.`,
    details,
  )
}
