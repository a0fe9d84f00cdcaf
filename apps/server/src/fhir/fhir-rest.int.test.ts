// The FHIR REST interactions as a client sees them: create, read, vread, update with If-Match,
// delete, history, Prefer, conditional create, $everything, metadata, and the errors of each.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { createAccount, signIn, type TestAccount } from '../testing/accounts.ts'
import { fhirCaller, matchIds, type Caller } from '../testing/fhir-calls.ts'

let t: TestApp
let reception: Caller
let clinician: Caller
let patientCall: Caller
let patient: TestAccount
let doctor: TestAccount

before(async () => {
  t = await createTestApp()
  patient = await createAccount(t, { role: 'patient', displayName: 'Maria Garcia' })
  doctor = await createAccount(t, { role: 'clinician' })
  const desk = await createAccount(t, { role: 'reception' })
  await t.ctx.db
    .insertInto('care_team')
    .values({
      patient_id: patient.id,
      clinician_id: doctor.id,
      source: 'assignment',
      created_at: t.clock.now(),
    })
    .execute()
  reception = fhirCaller(t, await signIn(t, desk))
  clinician = fhirCaller(t, await signIn(t, doctor))
  patientCall = fhirCaller(t, await signIn(t, patient))
})
after(() => t.close())

const newPatient = (family: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Patient',
  name: [{ family, given: ['Test'] }],
  birthDate: '1980-02-03',
  ...extra,
})

test('a patient account is a Patient: the patient reads their own record by their account id', async () => {
  const res = await patientCall('GET', `Patient/${patient.id}`)
  assert.equal(res.status, 200)
  assert.equal(res.json.resourceType, 'Patient')
  assert.match(res.headers['content-type'] as string, /^application\/fhir\+json/)
  assert.deepEqual((res.json['name'] as Array<{ family: string }>)[0]?.family, 'Garcia')
})

test('create answers 201 with Location, ETag and the stored resource (server-assigned id and meta)', async () => {
  const res = await reception('POST', 'Patient', newPatient('Okonkwo', { id: 'client-chosen' }))
  assert.equal(res.status, 201)
  const id = res.json.id!
  assert.notEqual(id, 'client-chosen')
  assert.equal(res.headers['etag'], 'W/"1"')
  assert.match(res.headers['location'] as string, new RegExp(`/fhir/R4/Patient/${id}/_history/1$`))
  assert.deepEqual((res.json['meta'] as { versionId: string }).versionId, '1')
  const read = await reception('GET', `Patient/${id}`)
  assert.equal(read.status, 200)
  assert.equal(read.json.id, id)
})

test('update with If-Match: the current version wins, a stale one gets 412 (S25), history keeps both', async () => {
  const created = await reception('POST', 'Patient', newPatient('Versioned'))
  const id = created.json.id!
  const v2 = await reception(
    'PUT',
    `Patient/${id}`,
    { ...newPatient('Versioned2'), id },
    { 'if-match': 'W/"1"' },
  )
  assert.equal(v2.status, 200)
  assert.equal(v2.headers['etag'], 'W/"2"')
  const stale = await reception(
    'PUT',
    `Patient/${id}`,
    { ...newPatient('Lost'), id },
    { 'if-match': 'W/"1"' },
  )
  assert.equal(stale.status, 412)
  assert.equal(stale.json.resourceType, 'OperationOutcome')
  const v1 = await reception('GET', `Patient/${id}/_history/1`)
  assert.equal((v1.json['name'] as Array<{ family: string }>)[0]?.family, 'Versioned')
  const history = await reception('GET', `Patient/${id}/_history`)
  assert.equal(history.json['type'], 'history')
  const entries = history.json['entry'] as Array<{
    request: { method: string }
    resource: { meta: { versionId: string } }
  }>
  assert.deepEqual(
    entries.map((e) => [e.request.method, e.resource.meta.versionId]),
    [
      ['PUT', '2'],
      ['POST', '1'],
    ],
  )
})

test('1,000 conflicting updates with If-Match: exactly one winner per version, the rest 412 (S25)', async () => {
  const created = await reception('POST', 'Patient', newPatient('Contended'))
  const id = created.json.id!
  let version = 1
  let winners = 0
  let conflicts = 0
  for (let round = 0; round < 100; round++) {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        reception(
          'PUT',
          `Patient/${id}`,
          { ...newPatient(`R${round}W${i}`), id },
          { 'if-match': `W/"${version}"` },
        ),
      ),
    )
    const ok = results.filter((r) => r.status === 200)
    assert.equal(ok.length, 1, `round ${round}: one winner`)
    assert.ok(results.every((r) => r.status === 200 || r.status === 412))
    winners += ok.length
    conflicts += results.length - ok.length
    version++
  }
  assert.equal(winners, 100)
  assert.equal(conflicts, 900)
  const final = await reception('GET', `Patient/${id}`)
  assert.equal((final.json['meta'] as { versionId: string }).versionId, '101')
})

test('bad writes: wrong type, id mismatch, malformed JSON, bad date: 400 OperationOutcome naming the problem', async () => {
  const created = await reception('POST', 'Patient', newPatient('Strict'))
  const id = created.json.id!
  const wrongType = await reception('POST', 'Patient', { resourceType: 'Observation' })
  assert.equal(wrongType.status, 400)
  assert.equal(wrongType.json.resourceType, 'OperationOutcome')
  const mismatch = await reception('PUT', `Patient/${id}`, {
    ...newPatient('X'),
    id: '00000000-0000-4000-8000-000000000000',
  })
  assert.equal(mismatch.status, 400)
  assert.ok(JSON.stringify(mismatch.json.issue).includes('Patient.id'))
  const malformed = await t.app.inject({
    method: 'POST',
    url: '/fhir/R4/Patient',
    headers: {
      ...t.browserHeaders,
      cookie: (await signIn(t, doctor)) ?? '',
      'content-type': 'application/fhir+json',
    },
    payload: '{"resourceType": "Patient",',
  })
  assert.equal(malformed.statusCode, 400)
  assert.equal(JSON.parse(malformed.body).resourceType, 'OperationOutcome')
  const badDate = await reception('POST', 'Patient', newPatient('Dates', { birthDate: '1990-13-45' }))
  assert.equal(badDate.status, 400)
  assert.ok(JSON.stringify(badDate.json.issue).includes('Patient.birthDate'))
  const none = await reception('GET', 'Patient', undefined)
  assert.equal(none.status, 200)
})

test('Prefer: return=minimal answers with headers and no body; return=representation with the resource', async () => {
  const minimal = await reception('POST', 'Patient', newPatient('Minimal'), { prefer: 'return=minimal' })
  assert.equal(minimal.status, 201)
  assert.equal(minimal.body, '')
  assert.ok(minimal.headers['location'])
  const full = await reception('POST', 'Patient', newPatient('Full'), { prefer: 'return=representation' })
  assert.equal(full.json.resourceType, 'Patient')
})

test('conditional create (If-None-Exist): no match creates, one match returns it, two matches 412', async () => {
  const identifier = [{ system: 'urn:test:mrn', value: 'MRN-1' }]
  const first = await reception('POST', 'Patient', newPatient('Cond', { identifier }), {
    'if-none-exist': 'identifier=urn:test:mrn|MRN-1',
  })
  assert.equal(first.status, 201)
  const again = await reception('POST', 'Patient', newPatient('Cond', { identifier }), {
    'if-none-exist': 'identifier=urn:test:mrn|MRN-1',
  })
  assert.equal(again.status, 200)
  assert.equal(again.json.id, first.json.id)
  await reception(
    'POST',
    'Patient',
    newPatient('Twin', { identifier: [{ system: 'urn:test:mrn', value: 'MRN-2' }] }),
  )
  await reception(
    'POST',
    'Patient',
    newPatient('Twin', { identifier: [{ system: 'urn:test:mrn', value: 'MRN-2' }] }),
  )
  const ambiguous = await reception('POST', 'Patient', newPatient('Twin'), {
    'if-none-exist': 'identifier=urn:test:mrn|MRN-2',
  })
  assert.equal(ambiguous.status, 412)
  const racing = await Promise.all(
    Array.from({ length: 5 }, () =>
      reception(
        'POST',
        'Patient',
        newPatient('Race', { identifier: [{ system: 'urn:test:mrn', value: 'MRN-R' }] }),
        {
          'if-none-exist': 'identifier=urn:test:mrn|MRN-R',
        },
      ),
    ),
  )
  assert.equal(new Set(racing.map((r) => r.json.id)).size, 1, 'racing conditional creates make one Patient')
  const unknown = await reception('POST', 'Patient', newPatient('U'), { 'if-none-exist': 'shoe-size=9' })
  assert.equal(unknown.status, 400)
})

test('delete where allowed is soft and versioned (read 410, history shows it); clinical records refuse (405)', async () => {
  const schedule = await clinician('POST', 'Schedule', {
    resourceType: 'Schedule',
    actor: [{ reference: `Practitioner/${doctor.id}` }],
  })
  assert.equal(schedule.status, 201)
  const id = schedule.json.id!
  const del = await clinician('DELETE', `Schedule/${id}`)
  assert.equal(del.status, 204)
  assert.equal((await clinician('GET', `Schedule/${id}`)).status, 410)
  const history = await clinician('GET', `Schedule/${id}/_history`)
  const methods = (history.json['entry'] as Array<{ request: { method: string } }>).map(
    (e) => e.request.method,
  )
  assert.deepEqual(methods, ['DELETE', 'POST'])
  assert.equal((await clinician('GET', `Schedule/${id}/_history/1`)).status, 200)
  const obs = await clinician('POST', 'Observation', {
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'Weight' },
    subject: { reference: `Patient/${patient.id}` },
  })
  assert.equal(obs.status, 201)
  const refused = await clinician('DELETE', `Observation/${obs.json.id}`)
  assert.equal(refused.status, 405)
  assert.match(JSON.stringify(refused.json), /entered-in-error/)
  assert.equal((await clinician('DELETE', `Patient/${patient.id}`)).status, 405)
})

test('Patient/$everything: the patient downloads their own record with what it cites; not another patient', async () => {
  const obs = await clinician('POST', 'Observation', {
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'Blood pressure' },
    subject: { reference: `Patient/${patient.id}` },
  })
  assert.equal(obs.status, 201)
  const own = await patientCall('GET', `Patient/${patient.id}/$everything`)
  assert.equal(own.status, 200)
  const refs = (own.json['entry'] as Array<{ resource: { resourceType: string; id: string } }>).map(
    (e) => `${e.resource.resourceType}/${e.resource.id}`,
  )
  assert.ok(refs.includes(`Patient/${patient.id}`))
  assert.ok(refs.includes(`Observation/${obs.json.id}`))
  const other = await createAccount(t, { role: 'patient' })
  assert.equal((await patientCall('GET', `Patient/${other.id}/$everything`)).status, 404)
  assert.equal((await reception('GET', `Patient/${patient.id}/$everything`)).status, 403)
  assert.equal((await clinician('GET', `Patient/${patient.id}/$everything`)).status, 200)
})

test('type history lists versions of the type the caller may see, paged', async () => {
  const res = await reception('GET', 'Patient/_history?_count=2')
  assert.equal(res.status, 200)
  assert.equal((res.json['entry'] as unknown[]).length, 2)
  const next = (res.json['link'] as Array<{ relation: string; url: string }>).find(
    (l) => l.relation === 'next',
  )
  assert.ok(next)
  assert.equal((await reception('GET', 'Patient/_history?_sort=family')).status, 400)
})

test('metadata: a CapabilityStatement listing exactly the types, interactions and parameters served', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/fhir/R4/metadata' })
  assert.equal(res.statusCode, 200)
  const cs = JSON.parse(res.body) as {
    fhirVersion: string
    rest: Array<{
      resource: Array<{
        type: string
        searchParam: Array<{ name: string }>
        interaction: Array<{ code: string }>
      }>
    }>
  }
  assert.equal(cs.fhirVersion, '4.0.1')
  const types = cs.rest[0]!.resource.map((r) => r.type)
  assert.equal(types.length, 21)
  const patientCaps = cs.rest[0]!.resource.find((r) => r.type === 'Patient')!
  assert.deepEqual(
    patientCaps.searchParam.map((p) => p.name).sort(),
    ['_id', '_lastUpdated', 'birthdate', 'email', 'family', 'given', 'identifier', 'name', 'phone'].sort(),
  )
  assert.ok(!patientCaps.interaction.some((i) => i.code === 'delete'), 'Patient delete is not offered')
  for (const type of types.filter((x) => x !== 'AuditEvent')) {
    const caps = cs.rest[0]!.resource.find((r) => r.type === type)!
    const search = await reception('GET', `${type}?_summary=count`)
    assert.ok([200, 403].includes(search.status), `${type} search answers (${search.status})`)
    for (const p of caps.searchParam) {
      assert.notEqual((await reception('GET', `${type}?${p.name}:missing=true`)).status, 500)
    }
  }
})

test('search results reach only matching, visible records', async () => {
  const res = await patientCall('GET', 'Patient')
  assert.deepEqual(matchIds(res.json), [patient.id])
})
