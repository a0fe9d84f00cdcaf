// Import check for a Questionnaire, on top of the server's R4 structural validator: the rules this
// engine relies on (unique linkIds, supported types, resolvable options, coherent enableWhen,
// url+version). Every problem is reported with its path (`item[2].item[0].enableWhen[1].answerCoding`);
// messages never echo free text from the input.
import type { Questionnaire } from '@medplum/fhirtypes'
import { cycleProblems, enableWhenProblems } from './enable-when-rules.ts'
import { itemProblems } from './item-rules.ts'
import { isRecord, type JsonObject, type PathError } from './types.ts'

export type QuestionnaireCheck =
  { ok: true; questionnaire: Questionnaire } | { ok: false; errors: PathError[] }

/** One item of the questionnaire under check. */
export interface ItemEntry {
  node: JsonObject
  path: string
  linkId: string
  parent: ItemEntry | undefined
}

export interface CheckContext {
  byLinkId: Map<string, ItemEntry>
  entries: ItemEntry[]
  contained: unknown
  errors: PathError[]
}

const STATUSES = ['draft', 'active', 'retired', 'unknown']
const CANONICAL = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s|]+$/
const MAX_LINK_ID = 255

export function validateQuestionnaire(input: unknown): QuestionnaireCheck {
  const errors: PathError[] = []
  try {
    check(input, errors)
  } catch {
    // A gap in these checks must not let a questionnaire through, nor throw at the caller.
    errors.push({ path: 'Questionnaire', message: 'could not be checked (unexpected structure)' })
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, questionnaire: input as Questionnaire }
}

function check(input: unknown, errors: PathError[]): void {
  if (!isRecord(input)) {
    errors.push({ path: 'Questionnaire', message: 'must be a JSON object (a FHIR Questionnaire resource)' })
    return
  }
  if (input['resourceType'] !== 'Questionnaire')
    errors.push({ path: 'resourceType', message: 'must be Questionnaire' })
  const url = input['url']
  if (typeof url !== 'string' || !CANONICAL.test(url))
    errors.push({
      path: 'url',
      message: 'is required: an absolute URI without "|" that responses name as url|version',
    })
  const version = input['version']
  if (typeof version !== 'string' || version.trim() === '' || version.includes('|'))
    errors.push({
      path: 'version',
      message: 'is required (without "|"): versions are kept and responses stay bound to one',
    })
  if (typeof input['status'] !== 'string' || !STATUSES.includes(input['status']))
    errors.push({ path: 'status', message: `is required: one of ${STATUSES.join(', ')}` })
  if (input['modifierExtension'] !== undefined)
    errors.push({
      path: 'modifierExtension',
      message: 'is not supported: this engine cannot honour modifier extensions',
    })
  const items = input['item']
  if (!Array.isArray(items) || items.length === 0) {
    errors.push({ path: 'item', message: 'must be a non-empty array of items' })
    return
  }
  const ctx: CheckContext = { byLinkId: new Map(), entries: [], contained: input['contained'], errors }
  collect(items as unknown[], '', undefined, ctx)
  for (const entry of ctx.entries) itemProblems(entry, ctx)
  for (const entry of ctx.entries) enableWhenProblems(entry, ctx)
  cycleProblems(ctx)
}

function collect(items: unknown[], prefix: string, parent: ItemEntry | undefined, ctx: CheckContext): void {
  items.forEach((node, i) => {
    const path = `${prefix}item[${i}]`
    if (!isRecord(node)) {
      ctx.errors.push({ path, message: 'must be a JSON object' })
      return
    }
    const linkId = node['linkId']
    if (typeof linkId !== 'string' || linkId.trim() === '' || linkId.length > MAX_LINK_ID) {
      ctx.errors.push({
        path: `${path}.linkId`,
        message: `is required: a non-blank string of at most ${MAX_LINK_ID} characters`,
      })
      return
    }
    const entry: ItemEntry = { node, path, linkId, parent }
    const first = ctx.byLinkId.get(linkId)
    if (first)
      ctx.errors.push({
        path: `${path}.linkId`,
        message: `duplicates the linkId of ${first.path} (R4 que-2)`,
      })
    else ctx.byLinkId.set(linkId, entry)
    ctx.entries.push(entry)
    const children = node['item']
    if (Array.isArray(children)) collect(children as unknown[], `${path}.`, entry, ctx)
    else if (children !== undefined)
      ctx.errors.push({ path: `${path}.item`, message: 'must be an array of items' })
  })
}
