// Every search parameter the issue lists, each proven to find the record that matches and not the
// one that does not; then the result parameters (_sort, _count and paging, _summary, _include,
// _revinclude) and the strict handling of anything unknown.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { createAccount, signIn, type TestAccount } from '../testing/accounts.ts'
import { fhirCaller, includedRefs, matchIds, type Caller } from '../testing/fhir-calls.ts'
import { isManaged, writeManagedForTest } from '../testing/managed-resources.ts'
import type { ResourceType } from './resource-types.ts'

let t: TestApp
let doctor: TestAccount
let clinician: Caller
let reception: Caller
let p1: string
let p2: string

before(async () => {
  t = await createTestApp()
  doctor = await createAccount(t, { role: 'clinician' })
  const a = await createAccount(t, { role: 'patient', displayName: 'Search One' })
  const b = await createAccount(t, { role: 'patient', displayName: 'Search Two' })
  p1 = a.id
  p2 = b.id
  for (const p of [p1, p2]) {
    await t.ctx.db
      .insertInto('care_team')
      .values({ patient_id: p, clinician_id: doctor.id, source: 'assignment', created_at: t.clock.now() })
      .execute()
  }
  clinician = fhirCaller(t, await signIn(t, doctor))
  reception = fhirCaller(t, await signIn(t, await createAccount(t, { role: 'reception' })))
})
after(() => t.close())

type Variant = 'hit' | 'miss'
interface ParamCase {
  type: ResourceType
  query: string
  make: (v: Variant) => Record<string, unknown>
}

const subject = (v: Variant) => ({ reference: `Patient/${v === 'hit' ? p1 : p2}` })
const pick = <T>(v: Variant, hit: T, miss: T) => (v === 'hit' ? hit : miss)
const patientOf = (v: Variant, extra: Record<string, unknown>) => ({
  resourceType: 'Patient',
  ...extra,
  _v: v,
})

const CASES = (): ParamCase[] => [
  {
    type: 'Patient',
    query: 'identifier=urn:mrn|A-1',
    make: (v) => patientOf(v, { identifier: [{ system: 'urn:mrn', value: pick(v, 'A-1', 'A-2') }] }),
  },
  {
    type: 'Patient',
    query: 'name=zoë',
    make: (v) => patientOf(v, { name: [{ family: pick(v, 'Zoellner', 'Adams'), given: ['Q'] }] }),
  },
  {
    type: 'Patient',
    query: 'family=MÜLLER',
    make: (v) => patientOf(v, { name: [{ family: pick(v, 'Müller', 'Miller') }] }),
  },
  {
    type: 'Patient',
    query: 'given=jo',
    make: (v) => patientOf(v, { name: [{ family: 'G', given: [pick(v, 'Josephine', 'Ann')] }] }),
  },
  {
    type: 'Patient',
    query: 'birthdate=ge1990-01-01&birthdate=lt1991',
    make: (v) => patientOf(v, { birthDate: pick(v, '1990-06-01', '1991-06-01') }),
  },
  {
    type: 'Patient',
    query: 'email=Hit@Example.org',
    make: (v) =>
      patientOf(v, { telecom: [{ system: 'email', value: pick(v, 'hit@example.org', 'miss@example.org') }] }),
  },
  {
    type: 'Patient',
    query: 'phone=%2B447700900001',
    make: (v) =>
      patientOf(v, { telecom: [{ system: 'phone', value: pick(v, '+447700900001', '+447700900002') }] }),
  },
  {
    type: 'Appointment',
    query: `patient=Patient/${p1}`,
    make: (v) => appointment(v, { participant: [{ actor: subject(v), status: 'accepted' }] }),
  },
  {
    type: 'Appointment',
    query: `practitioner=Practitioner/${doctorRef('hit')}`,
    make: (v) =>
      appointment(v, {
        participant: [
          { actor: subject('hit'), status: 'accepted' },
          { actor: { reference: `Practitioner/${doctorRef(v)}` }, status: 'accepted' },
        ],
      }),
  },
  {
    type: 'Appointment',
    query: 'date=2026-03-01',
    make: (v) =>
      appointment(v, {
        start: pick(v, '2026-03-01T10:00:00Z', '2026-03-02T10:00:00Z'),
        end: pick(v, '2026-03-01T10:20:00Z', '2026-03-02T10:20:00Z'),
      }),
  },
  {
    type: 'Appointment',
    query: 'status=cancelled',
    make: (v) => appointment(v, { status: pick(v, 'cancelled', 'booked') }),
  },
  { type: 'DocumentReference', query: `patient=${p1}`, make: (v) => docRef(v, { subject: subject(v) }) },
  {
    type: 'DocumentReference',
    query: 'category=urn:cat|letter',
    make: (v) =>
      docRef(v, { category: [{ coding: [{ system: 'urn:cat', code: pick(v, 'letter', 'scan') }] }] }),
  },
  {
    type: 'DocumentReference',
    query: 'status=superseded',
    make: (v) => docRef(v, { status: pick(v, 'superseded', 'current') }),
  },
  {
    type: 'DocumentReference',
    query: 'date=gt2026-01-01',
    make: (v) => docRef(v, { date: pick(v, '2026-02-01T00:00:00Z', '2025-02-01T00:00:00Z') }),
  },
  {
    type: 'MedicationRequest',
    query: `patient=Patient/${p1}`,
    make: (v) => medReq(v, { subject: subject(v) }),
  },
  {
    type: 'MedicationRequest',
    query: 'status=on-hold',
    make: (v) => medReq(v, { status: pick(v, 'on-hold', 'active') }),
  },
  {
    type: 'MedicationRequest',
    query: 'intent=plan',
    make: (v) => medReq(v, { intent: pick(v, 'plan', 'order') }),
  },
  {
    type: 'MedicationRequest',
    query: 'authoredon=le2025-12-31',
    make: (v) => medReq(v, { authoredOn: pick(v, '2025-06-01', '2026-06-01') }),
  },
  {
    type: 'Task',
    query: `owner=Practitioner/${doctorRef('hit')}`,
    make: (v) => task(v, { owner: { reference: `Practitioner/${doctorRef(v)}` } }),
  },
  { type: 'Task', query: 'status=ready', make: (v) => task(v, { status: pick(v, 'ready', 'completed') }) },
  {
    type: 'Task',
    query: `focus=MedicationRequest/${FOCUS}`,
    make: (v) => task(v, { focus: { reference: `MedicationRequest/${pick(v, FOCUS, OTHER)}` } }),
  },
  { type: 'Task', query: `patient=${p1}`, make: (v) => task(v, { for: subject(v) }) },
  { type: 'Communication', query: `patient=${p1}`, make: (v) => comm(v, { subject: subject(v) }) },
  {
    type: 'Communication',
    query: 'sent=2026-04',
    make: (v) => comm(v, { sent: pick(v, '2026-04-15T09:00:00Z', '2026-05-15T09:00:00Z') }),
  },
  {
    type: 'Communication',
    query: `recipient=Practitioner/${doctorRef('hit')}`,
    make: (v) => comm(v, { recipient: [{ reference: `Practitioner/${doctorRef(v)}` }] }),
  },
  {
    type: 'Communication',
    query: `part-of=Communication/${FOCUS}`,
    make: (v) => comm(v, { partOf: [{ reference: `Communication/${pick(v, FOCUS, OTHER)}` }] }),
  },
  { type: 'Encounter', query: `patient=${p1}`, make: (v) => encounter(v, { subject: subject(v) }) },
  {
    type: 'Encounter',
    query: 'date=ap2026-07-10',
    make: (v) => encounter(v, { period: { start: pick(v, '2026-07-10T10:00:00Z', '2026-09-10T10:00:00Z') } }),
  },
  {
    type: 'Encounter',
    query: 'status=finished',
    make: (v) => encounter(v, { status: pick(v, 'finished', 'planned') }),
  },
  { type: 'QuestionnaireResponse', query: `patient=${p1}`, make: (v) => qr(v, { subject: subject(v) }) },
  {
    type: 'QuestionnaireResponse',
    query: 'questionnaire=Questionnaire/intake',
    make: (v) => qr(v, { questionnaire: pick(v, 'Questionnaire/intake', 'Questionnaire/other') }),
  },
  {
    type: 'QuestionnaireResponse',
    query: 'status=in-progress',
    make: (v) => qr(v, { status: pick(v, 'in-progress', 'completed') }),
  },
  { type: 'Consent', query: `patient=${p1}`, make: (v) => consent(v, { patient: subject(v) }) },
  {
    type: 'Consent',
    query: 'status=rejected',
    make: (v) => consent(v, { status: pick(v, 'rejected', 'active') }),
  },
  { type: 'Observation', query: `patient=${p1}`, make: (v) => obs(v, { subject: subject(v) }) },
  {
    type: 'Observation',
    query: 'code=http://loinc.org|29463-7',
    make: (v) =>
      obs(v, { code: { coding: [{ system: 'http://loinc.org', code: pick(v, '29463-7', '8302-2') }] } }),
  },
  {
    type: 'Observation',
    query: 'date=2026-08-01T09:30:00Z',
    make: (v) => obs(v, { effectiveDateTime: pick(v, '2026-08-01T09:30:00Z', '2026-08-01T09:31:00Z') }),
  },
]

const FOCUS = '11111111-1111-4111-8111-111111111111'
const OTHER = '22222222-2222-4222-8222-222222222222'
const doctorRef = (v: Variant) => (v === 'hit' ? doctor.id : OTHER)
const tag = (v: Variant) => ({ meta: { tag: [{ system: 'urn:test', code: v }] } })
const appointment = (v: Variant, x: Record<string, unknown>) => ({
  resourceType: 'Appointment',
  status: 'booked',
  start: '2026-01-01T09:00:00Z',
  end: '2026-01-01T09:20:00Z',
  participant: [{ actor: subject('hit'), status: 'accepted' }],
  ...tag(v),
  ...x,
})
const docRef = (v: Variant, x: Record<string, unknown>) => ({
  resourceType: 'DocumentReference',
  status: 'current',
  subject: subject('hit'),
  content: [{ attachment: { contentType: 'application/pdf', title: 'Letter' } }],
  ...tag(v),
  ...x,
})
const medReq = (v: Variant, x: Record<string, unknown>) => ({
  resourceType: 'MedicationRequest',
  status: 'active',
  intent: 'order',
  subject: subject('hit'),
  medicationCodeableConcept: { text: 'Drug' },
  ...tag(v),
  ...x,
})
const task = (v: Variant, x: Record<string, unknown>) => ({
  resourceType: 'Task',
  status: 'requested',
  intent: 'order',
  for: subject('hit'),
  ...tag(v),
  ...x,
})
const comm = (v: Variant, x: Record<string, unknown>) => ({
  resourceType: 'Communication',
  status: 'completed',
  subject: subject('hit'),
  ...tag(v),
  ...x,
})
const encounter = (v: Variant, x: Record<string, unknown>) => ({
  resourceType: 'Encounter',
  status: 'finished',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'VR' },
  subject: subject('hit'),
  ...tag(v),
  ...x,
})
const qr = (v: Variant, x: Record<string, unknown>) => ({
  resourceType: 'QuestionnaireResponse',
  status: 'completed',
  subject: subject('hit'),
  ...tag(v),
  ...x,
})
const consent = (v: Variant, x: Record<string, unknown>) => ({
  resourceType: 'Consent',
  status: 'active',
  scope: {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
  },
  category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
  policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
  patient: subject('hit'),
  ...tag(v),
  ...x,
})
const obs = (v: Variant, x: Record<string, unknown>) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { text: 'Weight' },
  subject: subject('hit'),
  ...tag(v),
  ...x,
})

/** Creates through the API, or as the owning module does for a managed type (Appointment). */
async function createAs(caller: Caller, type: ResourceType, body: Record<string, unknown>): Promise<string> {
  if (isManaged(type)) return writeManagedForTest(t, type, body)
  const res = await caller('POST', type, body)
  assert.equal(res.status, 201, `${type}: ${res.body}`)
  return res.json.id!
}

test('every listed search parameter finds the matching record and not the other', async () => {
  for (const c of CASES()) {
    const ids: Record<Variant, string> = { hit: '', miss: '' }
    for (const v of ['hit', 'miss'] as const) {
      const body = c.make(v)
      delete body['_v']
      ids[v] = await createAs(c.type === 'Patient' ? reception : clinician, c.type, body)
    }
    const caller = c.type === 'Patient' ? reception : clinician
    const found = await caller('GET', `${c.type}?${c.query}&_count=100`)
    assert.equal(found.status, 200, `${c.type}?${c.query}: ${found.body}`)
    const got = matchIds(found.json)
    assert.ok(got.includes(ids.hit), `${c.type}?${c.query} finds the match`)
    assert.ok(!got.includes(ids.miss), `${c.type}?${c.query} leaves the other out`)
  }
})

test('_id and _lastUpdated; comma is OR, repeating is AND; :contains, :not and :missing', async () => {
  const a = (await reception('POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'Orwell' }] }))
    .json.id!
  t.clock.advance(60_000)
  const b = (
    await reception('POST', 'Patient', {
      resourceType: 'Patient',
      name: [{ family: 'Huxley' }],
      gender: 'female',
    })
  ).json.id!
  assert.deepEqual(matchIds((await reception('GET', `Patient?_id=${a},${b}&family=orw`)).json), [a])
  const since = new Date(t.clock.now().getTime() - 30_000).toISOString()
  const recent = matchIds((await reception('GET', `Patient?_lastUpdated=gt${since}`)).json)
  assert.ok(recent.includes(b) && !recent.includes(a))
  assert.deepEqual(
    matchIds((await reception('GET', `Patient?family=orwell,huxley&_id=${a},${b}&_sort=family`)).json),
    [b, a],
  )
  assert.deepEqual(matchIds((await reception('GET', `Patient?family:contains=xle&_id=${a},${b}`)).json), [b])
  assert.deepEqual(
    matchIds(
      (await reception('GET', `Patient?email:missing=true&phone:missing=true&_id=${a},${b}&_sort=-family`))
        .json,
    ),
    [a, b],
  )
  const apptHit = await createAs(clinician, 'Appointment', appointment('hit', { status: 'noshow' }))
  const notNoShow = matchIds((await clinician('GET', `Appointment?status:not=noshow&_count=100`)).json)
  assert.ok(!notNoShow.includes(apptHit))
})

test('_sort: allowlisted keys only; injection attempts are refused by name, never run', async () => {
  assert.equal((await clinician('GET', 'Observation?_sort=-date')).status, 200)
  for (const bad of ['status', 'date;drop table fhir_resource', "date'--", 'content', '-_id,(select 1)']) {
    const res = await clinician('GET', `Observation?_sort=${encodeURIComponent(bad)}`)
    assert.equal(res.status, 400, bad)
    assert.equal(res.json.resourceType, 'OperationOutcome')
    assert.equal((res.json.issue?.[0] as { expression: string[] }).expression[0], '_sort')
  }
  const count = await t.ctx.db
    .selectFrom('fhir_resource')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  assert.ok(Number(count.n) > 0)
})

test('_count pages with next links that carry no search terms; _summary=count and _total=accurate count', async () => {
  for (let i = 0; i < 5; i++) {
    await reception('POST', 'Patient', {
      resourceType: 'Patient',
      name: [{ family: 'Pagewright', given: [`N${i}`] }],
    })
  }
  const first = await reception('GET', 'Patient?family=pagewright&_count=2&_sort=given')
  const links = first.json['link'] as Array<{ relation: string; url: string }>
  const next = links.find((l) => l.relation === 'next')!.url
  assert.ok(!next.toLowerCase().includes('pagewright'), 'the next link does not carry the name searched for')
  const seen = [...matchIds(first.json)]
  let url: string | undefined = next
  while (url) {
    const page = await reception('GET', url.slice(url.indexOf('/fhir/R4/')))
    assert.equal(page.status, 200)
    seen.push(...matchIds(page.json))
    url = (page.json['link'] as Array<{ relation: string; url: string }>).find(
      (l) => l.relation === 'next',
    )?.url
  }
  assert.equal(new Set(seen).size, 5)
  const counted = await reception('GET', 'Patient?family=pagewright&_summary=count')
  assert.equal(counted.json['total'], 5)
  assert.equal(counted.json['entry'], undefined)
  assert.equal(
    (await reception('GET', 'Patient?family=pagewright&_total=accurate&_count=1')).json['total'],
    5,
  )
  // A page link belongs to the person it was made for.
  const other = fhirCaller(t, await signIn(t, await createAccount(t, { role: 'reception' })))
  assert.equal((await other('GET', next.slice(next.indexOf('/fhir/R4/')))).status, 400)
})

test('POST _search with a form body finds the same as GET, keeping search terms out of the URL', async () => {
  const viaGet = matchIds((await reception('GET', 'Patient?family=pagewright&_count=100')).json).sort()
  const viaPost = await reception('POST', 'Patient/_search', 'family=pagewright&_count=100')
  assert.equal(viaPost.status, 200)
  assert.deepEqual(matchIds(viaPost.json).sort(), viaGet)
})

test('_include and _revinclude add the referenced records the caller may see', async () => {
  const apptId = await createAs(clinician, 'Appointment', appointment('hit', {}))
  const included = await clinician('GET', `Appointment?_id=${apptId}&_include=Appointment:patient`)
  assert.deepEqual(includedRefs(included.json), [`Patient/${p1}`])
  const rev = await clinician('GET', `Patient?_id=${p1}&_revinclude=Appointment:patient&_count=1`)
  assert.ok(includedRefs(rev.json).includes(`Appointment/${apptId}`))
  for (const bad of [
    'Appointment:*',
    'Observation:patient',
    'Appointment:patient:iterate',
    "Appointment:patient' or 1=1",
  ]) {
    const res = await clinician('GET', `Appointment?_include=${encodeURIComponent(bad)}`)
    assert.equal(res.status, 400, bad)
  }
})

test('strict handling: unknown parameters, modifiers and malformed values are 400 naming them; 0 are 500', async () => {
  for (const q of [
    'shoe-size=9',
    'name:exact=x',
    'birthdate=yesterday',
    'birthdate=xx2020',
    'patient=Patient/../x',
    '_count=-1',
    '_count=1e400',
    '_count=99999',
    '_summary=data',
    'subject.name=x',
    '_elements=id',
    '_format=xml',
  ]) {
    const res = await clinician('GET', `Patient?${q}`)
    assert.equal(res.status, 400, `${q}: ${res.body}`)
    assert.equal(res.json.resourceType, 'OperationOutcome', q)
  }
})
