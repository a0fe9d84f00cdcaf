// Filling in: start, autosave, resume on another device where the patient stopped, and submit.
// Each kind of bad input is a 400 naming the items by linkId, and leaves the stored response as it
// was (same version, same answers, still in progress).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { QuestionnaireResponse, QuestionnaireResponseItem } from '@medplum/fhirtypes'
import { signIn } from '../testing/accounts.ts'
import {
  cannabisComplete,
  cannabisFirstHalf,
  intakeTest,
  uploadPdf,
  type IntakeTest,
} from './intake-test-kit.ts'

let it: IntakeTest
let patientId: string
let base: string
let responseId: string
const CANNABIS = 'urn:tessera:questionnaire:cannabis-intake'
const CANONICAL = `${CANNABIS}|1`

before(async () => {
  it = await intakeTest()
  patientId = it.people.patient.id
  base = `/api/patients/${patientId}/intake`
})
after(() => it.close())

type Detail = { path: string; message: string }
const details = (json: Record<string, unknown>) => (json['error'] as { details?: Detail[] }).details ?? []
const linkIdsOf = (json: Record<string, unknown>) =>
  [
    ...new Set(
      details(json)
        .map((d) => /^([\w-]+): /.exec(d.message)?.[1])
        .filter(Boolean),
    ),
  ].sort()

async function stored(): Promise<{
  version: number
  status: string
  response: QuestionnaireResponse
  section: number
}> {
  const res = await it.call('patient', 'GET', `${base}/${responseId}`)
  assert.equal(res.status, 200, res.body)
  return {
    version: res.json['version'] as number,
    status: res.json['status'] as string,
    section: res.json['section'] as number,
    response: res.json['response'] as QuestionnaireResponse,
  }
}

test('the patient starts the intake, saves half of it and stops; another device resumes exactly there', async () => {
  const list = await it.call('patient', 'GET', base)
  const cannabis = (list.json['forms'] as Array<{ url: string; status: string }>).find(
    (f) => f.url === CANNABIS,
  )
  assert.equal(cannabis?.status, 'not-started')

  const started = await it.call('patient', 'POST', base, { url: CANNABIS })
  assert.equal(started.status, 200, started.body)
  assert.equal(started.json['status'], 'in-progress')
  assert.equal(started.json['section'], 0)
  responseId = started.json['responseId'] as string

  const saved = await it.call('patient', 'PUT', `${base}/${responseId}`, {
    questionnaire: CANONICAL,
    item: cannabisFirstHalf(),
    section: 2,
    version: started.json['version'],
  })
  assert.equal(saved.status, 200, saved.body)
  assert.equal(saved.json['status'], 'in-progress')
  assert.ok((saved.json['percent'] as number) > 0 && (saved.json['percent'] as number) < 50)

  // A second sign-in (another device) opens the same response, on the section she was on.
  const otherDevice = await signIn(it.t, it.people.patient)
  const res = await it.t.app.inject({
    method: 'POST',
    url: base,
    headers: { ...it.t.browserHeaders, cookie: otherDevice },
    payload: { url: CANNABIS },
  })
  const resumed = JSON.parse(res.body) as {
    responseId: string
    section: number
    response: QuestionnaireResponse
  }
  assert.equal(resumed.responseId, responseId)
  assert.equal(resumed.section, 2)
  assert.deepEqual(resumed.response.item, cannabisFirstHalf())

  const after = await it.call('patient', 'GET', base)
  const entry = (after.json['forms'] as Array<{ url: string; status: string; percent: number }>).find(
    (f) => f.url === CANNABIS,
  )
  assert.equal(entry?.status, 'in-progress')
  assert.equal(entry?.percent, saved.json['percent'])
})

test('a save from a device holding an older version is refused (412), not merged', async () => {
  const now = await stored()
  const res = await it.call('patient', 'PUT', `${base}/${responseId}`, {
    questionnaire: CANONICAL,
    item: [],
    section: 0,
    version: now.version - 1,
  })
  assert.equal(res.status, 412, res.body)
  assert.deepEqual((await stored()).response.item, cannabisFirstHalf())
})

/** Submits `item` and checks: 400, these linkIds named, and the stored response unchanged. */
async function refusedSubmit(
  label: string,
  item: QuestionnaireResponseItem[],
  expected: string[],
  questionnaire = CANONICAL,
): Promise<Record<string, unknown>> {
  const before = await stored()
  const res = await it.call('patient', 'POST', `${base}/${responseId}/submit`, {
    questionnaire,
    item,
    section: 9,
    version: before.version,
  })
  assert.equal(res.status, 400, `${label}: ${res.body}`)
  for (const linkId of expected)
    assert.ok(linkIdsOf(res.json).includes(linkId), `${label}: names ${linkId}: ${res.body}`)
  const now = await stored()
  assert.equal(now.version, before.version, `${label}: nothing saved`)
  assert.equal(now.status, 'in-progress', `${label}: not submitted`)
  assert.equal(now.section, before.section, `${label}: section unchanged`)
  assert.deepEqual(now.response.item, before.response.item, `${label}: answers unchanged`)
  return res.json
}

test('submit refuses a response that skips required items, naming each', async () => {
  const json = await refusedSubmit('skips required', cannabisFirstHalf(), [
    'severity-pain',
    'severity-daily-life',
    'treatments-tried',
    'psychosis-history',
    'takes-medicines',
    'has-allergies',
    'has-gp',
    'declaration-accurate',
  ])
  assert.match(String((json['error'] as { message: string }).message), /not saved/)
})

test('submit refuses answers to disabled items', async () => {
  const items = cannabisComplete().map((group) =>
    group.linkId === 'about'
      ? {
          linkId: 'about',
          item: [
            {
              linkId: 'sex',
              answer: [
                { valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'male' } },
              ],
            },
            { linkId: 'pregnancy', answer: [{ valueBoolean: false }] },
          ],
        }
      : group.linkId === 'gp'
        ? {
            linkId: 'gp',
            item: [
              { linkId: 'has-gp', answer: [{ valueBoolean: false }] },
              {
                linkId: 'gp-details',
                item: [{ linkId: 'gp-practice', answer: [{ valueString: 'Riverside' }] }],
              },
            ],
          }
        : group,
  )
  await refusedSubmit('answers disabled items', items, ['pregnancy', 'gp-practice'])
})

test('submit refuses answers of the wrong type, naming each item', async () => {
  const items = cannabisComplete().map((group) =>
    group.linkId === 'severity'
      ? {
          linkId: 'severity',
          item: (group.item ?? []).map((i) =>
            i.linkId === 'severity-pain'
              ? { linkId: 'severity-pain', answer: [{ valueString: 'eight' }] }
              : i.linkId === 'severity-sleep'
                ? { linkId: 'severity-sleep', answer: [{ valueInteger: 42 }] }
                : i,
          ),
        }
      : group.linkId === 'allergies'
        ? { linkId: 'allergies', item: [{ linkId: 'has-allergies', answer: [{ valueDate: '2020-01-01' }] }] }
        : group,
  )
  await refusedSubmit('wrong types', items, ['severity-pain', 'severity-sleep', 'has-allergies'])
})

test('submit refuses a response that targets another version of the form', async () => {
  const json = await refusedSubmit('another version', cannabisComplete(), [], `${CANNABIS}|2`)
  assert.ok(
    details(json).some((d) => d.path === 'QuestionnaireResponse.questionnaire'),
    JSON.stringify(json),
  )
})

test("an attachment must be the patient's own vault document", async () => {
  const othersDocument = await uploadPdf(it, 'otherPatient', it.people.otherPatient.id)
  await refusedSubmit('foreign attachment', cannabisComplete(`/api/documents/${othersDocument}/content`), [
    'summary-of-care',
  ])
  await refusedSubmit('not a vault url', cannabisComplete('https://files.example/summary.pdf'), [
    'summary-of-care',
  ])
})

test('a complete response is submitted once; the vault names the attachment; later saves are refused', async () => {
  const document = await uploadPdf(it, 'patient', patientId)
  const before = await stored()
  const items = cannabisComplete(`/api/documents/${document}/content`)
  const res = await it.call('patient', 'POST', `${base}/${responseId}/submit`, {
    questionnaire: CANONICAL,
    item: items,
    section: 9,
    version: before.version,
  })
  assert.equal(res.status, 200, res.body)
  assert.equal(res.json['status'], 'completed')
  assert.equal(res.json['percent'], 100)
  const now = await stored()
  assert.equal(now.status, 'completed')
  const documents = now.response.item?.find((i) => i.linkId === 'documents')
  const attachment = documents?.item?.[0]?.answer?.[0]?.valueAttachment
  assert.equal(attachment?.url, `/api/documents/${document}/content`)
  assert.equal(attachment?.contentType, 'application/pdf')
  assert.ok((attachment?.size ?? 0) > 0)

  const again = await it.call('patient', 'PUT', `${base}/${responseId}`, {
    questionnaire: CANONICAL,
    item: cannabisFirstHalf(),
    section: 0,
    version: now.version,
  })
  assert.equal(again.status, 409, again.body)
  const list = await it.call('patient', 'GET', base)
  const entry = (
    list.json['forms'] as Array<{ url: string; status: string; percent: number; submittedAt?: string }>
  ).find((f) => f.url === CANNABIS)
  assert.equal(entry?.status, 'submitted')
  assert.equal(entry?.percent, 100)
  assert.ok(entry?.submittedAt)
  // Opening it again shows the submitted response (read-only), not a new one.
  const reopened = await it.call('patient', 'POST', base, { url: CANNABIS })
  assert.equal(reopened.json['responseId'], responseId)
  assert.equal(reopened.json['status'], 'completed')
})

test('unknown fields in the body are refused by name', async () => {
  const res = await it.call('patient', 'PUT', `${base}/${responseId}`, {
    questionnaire: CANONICAL,
    item: [],
    section: 0,
    version: 1,
    status: 'completed',
  })
  assert.equal(res.status, 400)
  assert.ok(
    details(res.json).some((d) => d.path === 'body/status'),
    res.body,
  )
})
