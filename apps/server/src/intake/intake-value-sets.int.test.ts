// Choice items answered from a ValueSet contained in the Questionnaire (answerValueSet "#id"): the
// admin imports such a form (the contained set checked as R4 by path; an external set refused), a
// patient answers it, and an answer outside the set is a 400 naming the item.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Questionnaire, QuestionnaireResponse, ValueSet } from '@medplum/fhirtypes'
import { intakeTest, type IntakeTest } from './intake-test-kit.ts'

let it: IntakeTest
before(async () => {
  it = await intakeTest()
})
after(() => it.close())

const URL = 'urn:test:questionnaire:travel'
const COUNTRY = 'urn:iso:std:iso:3166'
const TRANSPORT = 'urn:test:transport'

const transport: ValueSet = {
  resourceType: 'ValueSet',
  id: 'vs-1',
  status: 'active',
  compose: {
    include: [
      { system: TRANSPORT, concept: ['car', 'train', 'bus'].map((code) => ({ code, display: code })) },
    ],
  },
}
const countries: ValueSet = {
  resourceType: 'ValueSet',
  id: 'countries',
  status: 'active',
  expansion: {
    timestamp: '2024-05-01T10:00:00Z',
    contains: ['GB', 'IE', 'FR', 'DE', 'ES', 'PT', 'NL'].map((code) => ({ system: COUNTRY, code })),
  },
}

function travelForm(version: string, extra: Partial<Questionnaire> = {}): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    url: URL,
    version,
    title: 'Travel to the clinic',
    status: 'active',
    contained: [transport, countries],
    item: [
      {
        linkId: 'transport',
        text: 'How do you travel?',
        type: 'choice',
        required: true,
        answerValueSet: '#vs-1',
      },
      { linkId: 'country', text: 'Where do you live?', type: 'open-choice', answerValueSet: '#countries' },
    ],
    ...extra,
  }
}

type Detail = { path: string; message: string }
const details = (json: Record<string, unknown>) => (json['error'] as { details?: Detail[] }).details ?? []

test('a questionnaire with contained value sets is imported, and read back with them', async () => {
  const res = await it.call('admin', 'POST', '/api/intake/forms', travelForm('1'))
  assert.equal(res.status, 201, res.body)
  const read = await it.call('admin', 'GET', `/api/intake/questionnaires/${String(res.json['id'])}`)
  assert.equal(read.status, 200, read.body)
  assert.deepEqual(
    (read.json['contained'] as ValueSet[]).map((vs) => vs.id),
    ['vs-1', 'countries'],
  )
})

test('a malformed contained value set, or an external one, is refused by path and nothing is stored', async () => {
  const broken = travelForm('2', {
    contained: [
      {
        ...transport,
        status: undefined,
        compose: { include: [{ system: TRANSPORT, concept: [{ display: 'x' }] }] },
      },
      countries,
    ] as unknown as ValueSet[],
  })
  const res = await it.call('admin', 'POST', '/api/intake/forms', broken)
  assert.equal(res.status, 400, res.body)
  const paths = details(res.json).map((d) => d.path)
  assert.ok(paths.includes('contained[0].status'), paths.join(', '))
  assert.ok(paths.includes('contained[0].compose.include[0].concept[0].code'), paths.join(', '))

  const external = travelForm('2')
  external.item![0]!.answerValueSet = 'http://example.org/fhir/ValueSet/transport'
  const refused = await it.call('admin', 'POST', '/api/intake/forms', external)
  assert.equal(refused.status, 400, refused.body)
  const detail = details(refused.json).find((d) => d.path === 'item[0].answerValueSet')
  assert.ok(detail, refused.body)
  assert.match(detail.message, /contained ValueSet.*never fetched/)

  const library = await it.call('admin', 'GET', '/api/intake/forms')
  const travel = (library.json['forms'] as Array<{ url: string; versions: unknown[] }>).find(
    (f) => f.url === URL,
  )
  assert.equal(travel?.versions.length, 1, 'only version 1 is stored')
})

test('a coded answer from the contained set is accepted; one outside it is a 400 naming the linkId', async () => {
  const patientId = it.people.patient.id
  const base = `/api/patients/${patientId}/intake`
  const opened = await it.call('patient', 'POST', base, { url: URL })
  assert.equal(opened.status, 200, opened.body)
  const responseId = String(opened.json['responseId'])
  const version = opened.json['version'] as number
  const submit = (item: unknown[], v: number) =>
    it.call('patient', 'POST', `${base}/${responseId}/submit`, {
      questionnaire: `${URL}|1`,
      item,
      section: 0,
      version: v,
    })

  const outside = await submit(
    [
      { linkId: 'transport', answer: [{ valueCoding: { system: TRANSPORT, code: 'plane' } }] },
      { linkId: 'country', answer: [{ valueCoding: { system: COUNTRY, code: 'US' } }] },
    ],
    version,
  )
  assert.equal(outside.status, 400, outside.body)
  const named = details(outside.json).map((d) => /^([\w-]+): /.exec(d.message)?.[1])
  assert.deepEqual([...new Set(named)].sort(), ['country', 'transport'])
  assert.ok(!outside.body.includes('plane'), 'the message does not repeat the submitted value')

  const ok = await submit(
    [
      {
        linkId: 'transport',
        answer: [{ valueCoding: { system: TRANSPORT, code: 'train', display: 'train' } }],
      },
      { linkId: 'country', answer: [{ valueString: 'Somewhere else' }] },
    ],
    version,
  )
  assert.equal(ok.status, 200, ok.body)
  assert.equal(ok.json['status'], 'completed')
  const back = await it.call('patient', 'GET', `${base}/${responseId}`)
  const answers = (back.json['response'] as QuestionnaireResponse).item?.map((i) => i.answer?.[0])
  assert.deepEqual(answers, [
    { valueCoding: { system: TRANSPORT, code: 'train', display: 'train' } },
    { valueString: 'Somewhere else' },
  ])
})
