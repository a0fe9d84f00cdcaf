// What the care team and reception see: the read-only summary with PHQ-9/GAD-7 totals and bands and
// exclusion flags, readiness (consent, intake, documents), who may see what (another patient's
// record is "not found", reception gets readiness and no answers), and the audit trail.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { QuestionnaireResponseItem } from '@medplum/fhirtypes'
import { seedConsentTexts } from '../consent/consent-seed-texts.ts'
import {
  cannabisComplete,
  intakeTest,
  phq9Items,
  uploadPdf,
  type IntakeTest,
  type Person,
} from './intake-test-kit.ts'

let it: IntakeTest
let patientId: string
let base: string

before(async () => {
  it = await intakeTest()
  patientId = it.people.patient.id
  base = `/api/patients/${patientId}/intake`
})
after(() => it.close())

async function submit(url: string, item: QuestionnaireResponseItem[]): Promise<string> {
  const started = await it.call('patient', 'POST', base, { url })
  assert.equal(started.status, 200, started.body)
  const id = started.json['responseId'] as string
  const res = await it.call('patient', 'POST', `${base}/${id}/submit`, {
    questionnaire: `${url}|1`,
    item,
    section: 0,
    version: started.json['version'],
  })
  assert.equal(res.status, 200, res.body)
  return id
}

interface Summary {
  responseId: string
  url: string
  title: string
  sections: Array<{
    title: string
    rows: Array<{
      linkId: string
      question: string
      answers: string[]
      flagged: boolean
      documentId?: string
    }>
  }>
  score?: {
    total: number
    max?: number
    band?: string
    instrument?: string
    complete: boolean
    alerts: string[]
  }
  exclusions: Array<{ linkId: string; code: string; display: string }>
}

let documentId: string

test('readiness before anything: intake and documents missing, consent unknown until texts are published', async () => {
  const res = await it.call('reception', 'GET', `/api/patients/${patientId}/readiness`)
  assert.equal(res.status, 200, res.body)
  assert.equal(res.json['ready'], false)
  const intake = res.json['intake'] as { state: string; forms: Array<{ status: string }> }
  assert.equal(intake.state, 'missing')
  assert.deepEqual(
    intake.forms.map((f) => f.status),
    ['not-started', 'not-started', 'not-started'],
  )
  assert.equal((res.json['consent'] as { state: string }).state, 'unknown')
  const documents = res.json['documents'] as {
    state: string
    items: Array<{ category: string; status: string }>
  }
  assert.deepEqual(
    documents.items.map((i) => [i.category, i.status]),
    [
      ['identity', 'missing'],
      ['summary-of-care', 'missing'],
    ],
  )
})

test('the care team reads the submitted answers with score totals, bands and exclusion flags', async () => {
  documentId = await uploadPdf(it, 'patient', patientId)
  await submit(
    'urn:tessera:questionnaire:cannabis-intake',
    cannabisComplete(`/api/documents/${documentId}/content`),
  )
  // PHQ-9: 1+2+3+0+1+2+3+0+1 = 13 (moderate), item 9 above 0 raises the self-harm alert.
  await submit('urn:tessera:questionnaire:phq-9', phq9Items([1, 2, 3, 0, 1, 2, 3, 0, 1]))
  // GAD-7: 3 x 7 = 21 (severe).
  await submit('urn:tessera:questionnaire:gad-7', [
    {
      linkId: 'gad7',
      item: Array.from({ length: 7 }, (_, i) => ({
        linkId: `gad7-${i + 1}`,
        answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6571-9' } }],
      })),
    },
  ])

  const res = await it.call('clinician', 'GET', `/api/patients/${patientId}/intake-summaries`)
  assert.equal(res.status, 200, res.body)
  const summaries = res.json['summaries'] as Summary[]
  assert.equal(summaries.length, 3)
  const byUrl = (url: string) => summaries.find((s) => s.url === url)!

  const phq = byUrl('urn:tessera:questionnaire:phq-9')
  assert.deepEqual(
    [phq.score?.instrument, phq.score?.total, phq.score?.max, phq.score?.band, phq.score?.complete],
    ['PHQ-9', 13, 27, 'moderate', true],
  )
  assert.deepEqual(phq.score?.alerts, ['self-harm-thoughts'])
  const gad = byUrl('urn:tessera:questionnaire:gad-7')
  assert.deepEqual(
    [gad.score?.instrument, gad.score?.total, gad.score?.max, gad.score?.band],
    ['GAD-7', 21, 21, 'severe'],
  )

  const cannabis = byUrl('urn:tessera:questionnaire:cannabis-intake')
  assert.deepEqual(
    cannabis.exclusions.map((e) => e.code),
    ['psychosis'],
  )
  const rows = cannabis.sections.flatMap((s) => s.rows)
  const psychosis = rows.find((r) => r.linkId === 'psychosis-history')
  assert.deepEqual([psychosis?.answers, psychosis?.flagged], [['Yes'], true])
  assert.deepEqual(rows.find((r) => r.linkId === 'condition-primary')?.answers, ['Chronic pain'])
  assert.equal(rows.find((r) => r.linkId === 'summary-of-care')?.documentId, documentId)
  assert.equal(cannabis.sections[0]?.title, 'About you')
  // Symptom severity is scored too (0-10 scales), without a band: it is not a standard instrument.
  assert.equal(cannabis.score?.total, 8 + 6 + 4 + 3 + 7)
  assert.equal(cannabis.score?.band, undefined)
})

test('readiness after the intake: forms submitted, the summary of care awaiting verification, then verified', async () => {
  const before = await it.call('clinician', 'GET', `/api/patients/${patientId}/readiness`)
  assert.equal((before.json['intake'] as { state: string }).state, 'done')
  const items = (before.json['documents'] as { items: Array<{ category: string; status: string }> }).items
  assert.deepEqual(items.find((i) => i.category === 'summary-of-care')?.status, 'received')
  const review = await it.call('clinician', 'POST', `/api/documents/${documentId}/review`, {
    status: 'verified',
  })
  assert.equal(review.status, 200, review.body)
  const after = await it.call('reception', 'GET', `/api/patients/${patientId}/readiness`)
  const docs = after.json['documents'] as {
    state: string
    items: Array<{ category: string; status: string }>
  }
  assert.equal(docs.items.find((i) => i.category === 'summary-of-care')?.status, 'verified')
  assert.equal(docs.state, 'missing', 'photo ID is still missing')
  assert.equal(after.json['ready'], false)
})

test('reception sees readiness but no answers: the intake routes refuse its role', async () => {
  const readiness = await it.call('reception', 'GET', `/api/patients/${patientId}/readiness`)
  for (const secret of ['Chronic pain', 'Sertraline', 'psychosis', 'summary.pdf', 'I cannot walk far'])
    assert.ok(!readiness.body.includes(secret), `readiness leaks ${secret}`)
  for (const url of [base, `/api/patients/${patientId}/intake-summaries`]) {
    const res = await it.call('reception', 'GET', url)
    assert.equal(res.status, 403, `${url}: ${res.body}`)
  }
})

test('answers are sealed at rest at every depth: a raw read of the record tables finds none (S31)', async () => {
  const { sql } = await import('kysely')
  for (const table of ['fhir_resource', 'fhir_resource_history']) {
    const rows = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
      where resource_type = 'QuestionnaireResponse' and content::text like ${'%Sertraline%'}`.execute(
      it.t.ctx.db,
    )
    assert.equal(rows.rows[0]?.n, 0, `${table} holds a medicine name in plain text`)
  }
})

test("another patient's intake is not found, exactly like a missing one (S2)", async () => {
  const random = '00000000-0000-4000-8000-000000000000'
  const own = await it.call('patient', 'GET', base)
  const responseId = (await it.call('patient', 'POST', base, { url: 'urn:tessera:questionnaire:phq-9' }))
    .json['responseId'] as string
  assert.equal(own.status, 200)
  const probes: Array<
    [Person, 'GET' | 'POST' | 'PUT', (patient: string, response: string) => string, unknown?]
  > = [
    ['otherPatient', 'GET', (p) => `/api/patients/${p}/intake`],
    ['otherPatient', 'POST', (p) => `/api/patients/${p}/intake`, { url: 'urn:tessera:questionnaire:phq-9' }],
    ['otherPatient', 'GET', (p, r) => `/api/patients/${p}/intake/${r}`],
    [
      'otherPatient',
      'PUT',
      (p, r) => `/api/patients/${p}/intake/${r}`,
      { questionnaire: 'x', item: [], section: 0, version: 1 },
    ],
    ['otherPatient', 'GET', (p) => `/api/patients/${p}/intake-summaries`],
    ['otherPatient', 'GET', (p) => `/api/patients/${p}/readiness`],
    ['outsider', 'GET', (p) => `/api/patients/${p}/intake-summaries`],
    ['outsider', 'GET', (p, r) => `/api/patients/${p}/intake/${r}`],
    ['outsider', 'GET', (p) => `/api/patients/${p}/readiness`],
  ]
  for (const [who, method, url, body] of probes) {
    const foreign = await it.call(who, method, url(patientId, responseId), body)
    const missing = await it.call(who, method, url(random, random), body)
    assert.equal(foreign.status, 404, `${who} ${method} ${url(patientId, responseId)}: ${foreign.body}`)
    assert.equal(missing.status, 404)
    const strip = (b: string) => b.replace(/"requestId":"[^"]+"/, '')
    assert.equal(strip(foreign.body), strip(missing.body), `${who} ${method}: foreign and missing differ`)
  }
  // Her own response id under the other patient's path is not found either.
  const crossed = await it.call(
    'otherPatient',
    'GET',
    `/api/patients/${it.people.otherPatient.id}/intake/${responseId}`,
  )
  assert.equal(crossed.status, 404)
  // A clinician reads but never writes a patient's answers.
  const write = await it.call('clinician', 'POST', base, { url: 'urn:tessera:questionnaire:phq-9' })
  assert.equal(write.status, 403)
})

test('readiness reads consent from the consent module: missing until the patient accepts, then done', async () => {
  await seedConsentTexts(it.t.ctx.db, it.people.admin.id, it.t.clock.now())
  const missing = await it.call('reception', 'GET', `/api/patients/${patientId}/readiness`)
  assert.deepEqual(missing.json['consent'], {
    state: 'missing',
    detail: 'Privacy notice: not given yet; Telehealth consent: not given yet.',
  })
  const consents = await it.call('patient', 'GET', '/api/consents')
  const items = consents.json['items'] as Array<{ kind: string; text: { id: string } | null }>
  for (const kind of ['privacy-notice', 'telehealth']) {
    const text = items.find((i) => i.kind === kind)?.text
    assert.ok(text, kind)
    const answer = await it.call('patient', 'POST', '/api/consents', { textId: text.id, answer: 'accept' })
    assert.equal(answer.status, 200, answer.body)
  }
  const given = await it.call('clinician', 'GET', `/api/patients/${patientId}/readiness`)
  assert.equal((given.json['consent'] as { state: string }).state, 'done')
})

test('every intake route writes an audit event naming the patient, the response and the purpose', async () => {
  const imported = await it.call('admin', 'POST', '/api/intake/forms', {
    resourceType: 'Questionnaire',
    url: 'urn:test:questionnaire:audit',
    version: '1',
    status: 'active',
    item: [{ linkId: 'q', text: 'Q', type: 'string' }],
  })
  assert.equal(imported.status, 201, imported.body)
  await it.t.ctx.audit.drain()
  const rows = await it.t.ctx.db
    .selectFrom('audit_event')
    .select(['action', 'outcome', 'patient_id', 'actor_role', 'body'])
    .where('action', 'like', 'intake.%')
    .execute()
  const seen = (action: string, role: string, outcome = 'success') =>
    rows.filter((r) => r.action === action && r.actor_role === role && r.outcome === outcome)
  for (const [action, role] of [
    ['intake.start', 'patient'],
    ['intake.submit', 'patient'],
    ['intake.list', 'patient'],
    ['intake.summary', 'clinician'],
    ['intake.readiness', 'reception'],
    ['intake.readiness', 'clinician'],
    ['intake.form-import', 'admin'],
  ] as const)
    assert.ok(seen(action, role).length > 0, `${action} by ${role}`)
  const summary = seen('intake.summary', 'clinician')[0]!
  assert.equal(summary.patient_id, patientId)
  const body = JSON.stringify(summary.body)
  assert.match(body, /QuestionnaireResponse\//)
  assert.match(body, /care-team/)
  assert.ok(!body.includes('Chronic pain'), 'no answers in the audit trail')
  assert.ok(seen('intake.summary', 'clinician', 'denied').length > 0, 'the outsider was refused and recorded')
  assert.ok(seen('intake.submit', 'patient', 'failure').length === 0)
})
