// The admin's form library: import with every problem by path, versions kept (old ones readable,
// responses bound to the version they started), required forms.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Questionnaire } from '@medplum/fhirtypes'
import { intakeTest, type IntakeTest } from './intake-test-kit.ts'

let it: IntakeTest
before(async () => {
  it = await intakeTest()
})
after(() => it.close())

const URL = 'urn:test:questionnaire:sleep'

function sleepForm(version: string, extra: Partial<Questionnaire> = {}): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    url: URL,
    version,
    title: `Sleep check v${version}`,
    status: 'active',
    item: [
      { linkId: 'hours', text: 'Hours of sleep a night', type: 'integer', required: true },
      ...(version === '2' ? [{ linkId: 'naps', text: 'Do you nap?', type: 'boolean' as const }] : []),
    ],
    ...extra,
  }
}

type Detail = { path: string; message: string }
const details = (json: Record<string, unknown>) => (json['error'] as { details?: Detail[] }).details ?? []

test('a valid questionnaire is imported and listed with its version', async () => {
  const res = await it.call('admin', 'POST', '/api/intake/forms', sleepForm('1'))
  assert.equal(res.status, 201, res.body)
  assert.equal(res.json['url'], URL)
  assert.equal(res.json['version'], '1')
  assert.equal(res.json['questions'], 1)
  const list = await it.call('admin', 'GET', '/api/intake/forms')
  assert.equal(list.status, 200)
  const forms = list.json['forms'] as Array<{ url: string; required: boolean; versions: unknown[] }>
  const sleep = forms.find((f) => f.url === URL)
  assert.ok(sleep)
  assert.equal(sleep.required, false)
  assert.equal(sleep.versions.length, 1)
  // The seed forms are there, required, first.
  assert.deepEqual(
    forms.slice(0, 3).map((f) => [f.url, f.required]),
    [
      ['urn:tessera:questionnaire:cannabis-intake', true],
      ['urn:tessera:questionnaire:phq-9', true],
      ['urn:tessera:questionnaire:gad-7', true],
    ],
  )
})

test('a malformed questionnaire is refused with every problem by path, and nothing is stored', async () => {
  const bad = {
    resourceType: 'Questionnaire',
    url: 'urn:test:questionnaire:broken',
    status: 'active',
    item: [
      { linkId: 'a', text: 'A', type: 'string' },
      { linkId: 'a', text: 'Again', type: 'string' },
      {
        linkId: 'b',
        text: 'B',
        type: 'boolean',
        enableWhen: [{ question: 'nowhere', operator: '=', answerBoolean: true }],
      },
      { linkId: 'c', text: 'C', type: 'not-a-type' },
    ],
  }
  const res = await it.call('admin', 'POST', '/api/intake/forms', bad)
  assert.equal(res.status, 400, res.body)
  const paths = details(res.json).map((d) => d.path)
  assert.ok(paths.includes('version'), `version missing: ${paths.join(', ')}`)
  assert.ok(paths.includes('item[1].linkId'), `duplicate linkId: ${paths.join(', ')}`)
  assert.ok(
    paths.some((p) => p.startsWith('item[2].enableWhen[0]')),
    `enableWhen on an unknown item: ${paths.join(', ')}`,
  )
  assert.ok(
    paths.some((p) => p.includes('item[3]') && p.includes('type')),
    `unknown item type: ${paths.join(', ')}`,
  )
  assert.match(String((res.json['error'] as { message: string }).message), /cannot be imported/)
  const list = await it.call('admin', 'GET', '/api/intake/forms')
  const urls = (list.json['forms'] as Array<{ url: string }>).map((f) => f.url)
  assert.ok(!urls.includes('urn:test:questionnaire:broken'))
})

test('the R4 validator is part of the import: a structural error is listed by its FHIR path', async () => {
  const res = await it.call('admin', 'POST', '/api/intake/forms', {
    ...sleepForm('9'),
    url: 'urn:test:questionnaire:structure',
    date: 'last tuesday',
  })
  assert.equal(res.status, 400, res.body)
  assert.ok(
    details(res.json).some((d) => d.path.includes('date')),
    res.body,
  )
})

test('a new version is kept beside the old one; the old one stays readable; the same version twice is a 409', async () => {
  const first = await it.call('admin', 'GET', '/api/intake/forms')
  const v1 = (first.json['forms'] as Array<{ url: string; versions: Array<{ id: string }> }>).find(
    (f) => f.url === URL,
  )!.versions[0]!
  it.t.clock.advance(60_000)
  const res = await it.call('admin', 'POST', '/api/intake/forms', sleepForm('2'))
  assert.equal(res.status, 201, res.body)
  const list = await it.call('admin', 'GET', '/api/intake/forms')
  const sleep = (
    list.json['forms'] as Array<{ url: string; title: string; versions: Array<{ version: string }> }>
  ).find((f) => f.url === URL)!
  assert.deepEqual(
    sleep.versions.map((v) => v.version),
    ['2', '1'],
    'newest first',
  )
  assert.equal(sleep.title, 'Sleep check v2')
  const old = await it.call('admin', 'GET', `/api/intake/questionnaires/${v1.id}`)
  assert.equal(old.status, 200)
  assert.equal(old.json['version'], '1')
  assert.equal((old.json['item'] as unknown[]).length, 1)
  const again = await it.call('admin', 'POST', '/api/intake/forms', sleepForm('1'))
  assert.equal(again.status, 409, again.body)
  assert.deepEqual(details(again.json), [{ path: 'version', message: 'already imported for this url' }])
})

test('a response stays bound to the version it started; new starts take the newest active version', async () => {
  const url = 'urn:test:questionnaire:bound'
  const form = (version: string, status: Questionnaire['status']) => ({ ...sleepForm(version), url, status })
  assert.equal((await it.call('admin', 'POST', '/api/intake/forms', form('1', 'active'))).status, 201)
  const patientId = it.people.patient.id
  const started = await it.call('patient', 'POST', `/api/patients/${patientId}/intake`, { url })
  assert.equal(started.status, 200, started.body)
  assert.equal((started.json['questionnaire'] as Questionnaire).version, '1')
  it.t.clock.advance(60_000)
  assert.equal((await it.call('admin', 'POST', '/api/intake/forms', form('2', 'active'))).status, 201)
  it.t.clock.advance(60_000)
  assert.equal((await it.call('admin', 'POST', '/api/intake/forms', form('3', 'draft'))).status, 201)

  const resumed = await it.call('patient', 'POST', `/api/patients/${patientId}/intake`, { url })
  assert.equal(resumed.json['responseId'], started.json['responseId'])
  assert.equal((resumed.json['questionnaire'] as Questionnaire).version, '1')
  const saved = await it.call(
    'patient',
    'POST',
    `/api/patients/${patientId}/intake/${String(resumed.json['responseId'])}/submit`,
    {
      questionnaire: `${url}|1`,
      item: [{ linkId: 'hours', answer: [{ valueInteger: 7 }] }],
      section: 0,
      version: resumed.json['version'],
    },
  )
  assert.equal(saved.status, 200, saved.body)

  const other = it.people.otherPatient.id
  const fresh = await it.call('otherPatient', 'POST', `/api/patients/${other}/intake`, { url })
  assert.equal(
    (fresh.json['questionnaire'] as Questionnaire).version,
    '2',
    'the newest active version, not the draft',
  )
})

test('only the admin imports; required forms must have an active version', async () => {
  for (const who of ['clinician', 'reception', 'patient'] as const) {
    const res = await it.call(who, 'POST', '/api/intake/forms', sleepForm('5'))
    assert.equal(res.status, 403, `${who}: ${res.body}`)
  }
  const refused = await it.call('admin', 'PUT', '/api/intake/required-forms', {
    urls: ['urn:tessera:questionnaire:phq-9', 'urn:test:questionnaire:never-imported'],
  })
  assert.equal(refused.status, 400, refused.body)
  assert.deepEqual(
    details(refused.json).map((d) => d.path),
    ['body/urls/1'],
  )
  const set = await it.call('admin', 'PUT', '/api/intake/required-forms', {
    urls: ['urn:tessera:questionnaire:phq-9', URL],
  })
  assert.equal(set.status, 200, set.body)
  const forms = set.json['forms'] as Array<{ url: string; required: boolean }>
  assert.deepEqual(
    forms.filter((f) => f.required).map((f) => f.url),
    ['urn:tessera:questionnaire:phq-9', URL],
  )
  const mine = await it.call('otherPatient', 'GET', `/api/patients/${it.people.otherPatient.id}/intake`)
  const urls = (mine.json['forms'] as Array<{ url: string }>).map((f) => f.url)
  assert.deepEqual(urls.slice(0, 2), ['urn:tessera:questionnaire:phq-9', URL])
})

test('the admin chooses the documents readiness asks for; bad bodies and other roles change nothing', async () => {
  const library = async () => (await it.call('admin', 'GET', '/api/intake/forms')).json['requiredDocuments']
  assert.deepEqual(await library(), ['identity', 'summary-of-care'], 'the default')
  const route = '/api/intake/required-documents'
  for (const who of ['clinician', 'reception', 'patient'] as const) {
    const res = await it.call(who, 'PUT', route, { categories: [] })
    assert.equal(res.status, 403, `${who}: ${res.body}`)
  }
  for (const [label, body, path] of [
    ['unknown category', { categories: ['identity', 'passport'] }, 'categories/1'],
    ['twice', { categories: ['letter', 'letter'] }, 'categories'],
    ['extra field', { categories: [], urls: [] }, 'urls'],
  ] as const) {
    const res = await it.call('admin', 'PUT', route, body)
    assert.equal(res.status, 400, `${label}: ${res.body}`)
    assert.ok(
      details(res.json).some((d) => d.path.includes(path)),
      `${label} names ${path}: ${res.body}`,
    )
  }
  assert.deepEqual(await library(), ['identity', 'summary-of-care'], 'refused bodies changed nothing')

  await it.t.ctx.audit.drain()
  const set = await it.call('admin', 'PUT', route, { categories: ['summary-of-care', 'letter'] })
  assert.equal(set.status, 200, set.body)
  assert.deepEqual(set.json['requiredDocuments'], ['summary-of-care', 'letter'])
  assert.ok(Array.isArray(set.json['forms']), 'answers with the whole library, as required-forms does')
  assert.deepEqual(await library(), ['summary-of-care', 'letter'])
  const required = await it.call('admin', 'PUT', '/api/intake/required-forms', { urls: [] })
  assert.deepEqual(
    required.json['requiredDocuments'],
    ['summary-of-care', 'letter'],
    'kept by the forms route',
  )
  // Readiness asks for exactly these, in this order.
  const readiness = await it.call('reception', 'GET', `/api/patients/${it.people.patient.id}/readiness`)
  assert.equal(readiness.status, 200, readiness.body)
  const documents = readiness.json['documents'] as { items: Array<{ category: string }> }
  assert.deepEqual(
    documents.items.map((i) => i.category),
    ['summary-of-care', 'letter'],
  )
  await it.t.ctx.audit.drain()
  const audited = await it.t.ctx.db
    .selectFrom('audit_event')
    .select(['actor_role', 'outcome'])
    .where('action', '=', 'intake.settings-update')
    .execute()
  assert.ok(
    audited.some((r) => r.actor_role === 'admin' && r.outcome === 'success'),
    'audited',
  )
  assert.ok(
    audited.some((r) => r.actor_role === 'clinician' && r.outcome === 'denied'),
    'refusals audited',
  )

  const none = await it.call('admin', 'PUT', route, { categories: [] })
  assert.equal(none.status, 200, none.body)
  assert.deepEqual(await library(), [], 'none required')
})
