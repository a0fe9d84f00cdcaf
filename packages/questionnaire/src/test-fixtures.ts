// Builders for tests: a questionnaire around some items, and a response to it. Not part of the API.
import assert from 'node:assert/strict'
import type {
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
} from '@medplum/fhirtypes'
import { validateQuestionnaire } from './validate-questionnaire.ts'

export const TEST_URL = 'urn:test:questionnaire'

export function form(items: QuestionnaireItem[], extra: Partial<Questionnaire> = {}): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    url: TEST_URL,
    version: '1',
    status: 'active',
    item: items,
    ...extra,
  }
}

export function reply(
  items: QuestionnaireResponseItem[],
  status: QuestionnaireResponse['status'] = 'completed',
  questionnaire = `${TEST_URL}|1`,
): QuestionnaireResponse {
  return { resourceType: 'QuestionnaireResponse', questionnaire, status, item: items }
}

/** A response item for `linkId` with these answers. */
export function answered(
  linkId: string,
  ...answer: QuestionnaireResponseItemAnswer[]
): QuestionnaireResponseItem {
  return { linkId, answer }
}

export function group(linkId: string, ...item: QuestionnaireResponseItem[]): QuestionnaireResponseItem {
  return { linkId, item }
}

export const coded = (code: string, system = 'urn:test:codes') => ({
  system,
  code,
  display: code.toUpperCase(),
})

export function question(
  linkId: string,
  type: QuestionnaireItem['type'],
  extra: Partial<QuestionnaireItem> = {},
): QuestionnaireItem {
  return { linkId, type, text: `Question ${linkId}`, ...extra }
}

export function choice(
  linkId: string,
  codes: string[],
  extra: Partial<QuestionnaireItem> = {},
): QuestionnaireItem {
  return question(linkId, 'choice', { answerOption: codes.map((c) => ({ valueCoding: coded(c) })), ...extra })
}

export function errorsOf(input: unknown) {
  const result = validateQuestionnaire(input)
  assert.equal(result.ok, false, 'expected the questionnaire to be refused')
  return result.ok ? [] : result.errors
}

/** Refused, with a problem at exactly `path` whose message matches `message`. */
export function refusedAt(input: unknown, path: string, message: RegExp) {
  const errors = errorsOf(input)
  const hit = errors.find((e) => e.path === path)
  assert.ok(hit, `no error at ${path}; got ${JSON.stringify(errors)}`)
  assert.match(hit.message, message)
}
