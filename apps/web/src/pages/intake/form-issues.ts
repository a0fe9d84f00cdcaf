// The server's authority, mirrored: validateResponse (from @tessera/questionnaire, the same function
// the server runs) on the answers as they stand, its issues placed on the fields they concern and
// reworded for the patient. Answers to questions that are hidden (disabled) are not the patient's
// problem: they are dropped before anything is saved.
import type { Questionnaire, QuestionnaireResponse, QuestionnaireResponseItem } from '@medplum/fhirtypes'
import { validateResponse, type ResponseIssue } from '@tessera/questionnaire'
import { fieldKey, isRepeatingGroup, type FormIndex } from './response-tree.ts'

export interface FieldIssue {
  key: string
  linkId: string
  message: string
}

/** Where an issue's path leads in the items: the repeating-group occurrences it passes through. */
function groupsOnPath(items: readonly QuestionnaireResponseItem[], path: string, form: FormIndex) {
  const groups: Array<readonly [string, number]> = []
  let list: readonly QuestionnaireResponseItem[] | undefined = items
  let current: QuestionnaireResponseItem | undefined
  for (const [, kind, n] of path.matchAll(/(item|answer)\[(\d+)\]/g)) {
    const at = Number(n)
    if (kind === 'answer') {
      list = current?.answer?.[at]?.item
      continue
    }
    current = list?.[at]
    if (!current || !list) break
    if (isRepeatingGroup(form.def.get(current.linkId))) {
      const linkId = current.linkId
      groups.push([linkId, list.slice(0, at).filter((i) => i.linkId === linkId).length])
    }
    list = current.item
  }
  return groups
}

export function plainMessage(issue: ResponseIssue, form: FormIndex): string {
  const def = form.def.get(issue.linkId)
  if (/is required/.test(issue.message))
    return isRepeatingGroup(def)
      ? 'Fill in at least one.'
      : def?.type === 'group'
        ? 'Answer at least one question here.'
        : 'Answer this question.'
  const max = /longer than the (\d+) characters/.exec(issue.message)?.[1]
  if (max) return `Use ${max} characters or fewer.`
  if (/http\(s\) URL/.test(issue.message)) return 'Enter a web address that starts with https://'
  if (/not one of the answer options/.test(issue.message)) return 'Choose one of the options.'
  if (/uploaded file|document you uploaded/.test(issue.message)) return 'Upload the file again.'
  if (/read-only/.test(issue.message)) return 'This answer cannot be changed.'
  return 'Check this answer.'
}

/** Issues a completed response would have, by field (hidden questions' answers left aside). */
export function formIssues(
  questionnaire: Questionnaire,
  response: QuestionnaireResponse,
  form: FormIndex,
): FieldIssue[] {
  const issues = validateResponse(questionnaire, { ...response, status: 'completed' })
  const items = response.item ?? []
  return issues
    .filter((issue) => issue.linkId !== '' && !/is disabled/.test(issue.message))
    .map((issue) => ({
      key: fieldKey(issue.linkId, groupsOnPath(items, issue.path, form)),
      linkId: issue.linkId,
      message: plainMessage(issue, form),
    }))
}

/** The first message for each field. */
export function byField(issues: readonly FieldIssue[]): Map<string, string> {
  const map = new Map<string, string>()
  for (const issue of issues) if (!map.has(issue.key)) map.set(issue.key, issue.message)
  return map
}
