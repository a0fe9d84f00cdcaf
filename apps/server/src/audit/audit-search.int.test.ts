// The staff audit search and the FHIR AuditEvent search as a privacy officer uses them: filters,
// names, paging, the Bundle shape, and strict refusal of what the search cannot honour.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { auditWorld, request, stepUp, type AuditWorld } from './audit-views-fixture.ts'

let w: AuditWorld
const CLINIC_IP = '203.0.113.7'
let times: Record<'clinicianRead' | 'deniedRead' | 'receptionRead', string>

before(async () => {
  w = await auditWorld()
  const { t, patientA, patientB, cookie } = w
  times = { clinicianRead: '', deniedRead: '', receptionRead: '' }
  times.clinicianRead = t.clock.now().toISOString()
  const read = await request(t, 'GET', `/api/patients/${patientA.id}`, cookie.clinician, {
    address: CLINIC_IP,
  })
  assert.equal(read.statusCode, 200)
  t.clock.advance(60_000)
  times.deniedRead = t.clock.now().toISOString()
  assert.equal((await request(t, 'GET', `/api/patients/${patientB.id}`, cookie.clinician)).statusCode, 404)
  t.clock.advance(60_000)
  times.receptionRead = t.clock.now().toISOString()
  assert.equal((await request(t, 'GET', `/api/patients/${patientA.id}`, cookie.reception)).statusCode, 200)
  t.clock.advance(60_000)
  assert.equal((await request(t, 'GET', '/api/patients', cookie.reception)).statusCode, 200)
  t.clock.advance(60_000)
})
after(() => w.t.close())

const search = (query: string, cookie = w.cookie.officer) =>
  request(w.t, 'GET', `/api/audit/events?${query}`, cookie)
const fhir = (query: string, cookie = w.cookie.officer) =>
  request(w.t, 'GET', `/fhir/R4/AuditEvent?${query}`, cookie)

test('staff search: by patient and action, newest first, with names, roles, purpose and address', async () => {
  const res = await search(`patientId=${w.patientA.id}&action=patient.read`)
  assert.equal(res.statusCode, 200)
  const { entries, nextCursor } = res.json()
  assert.equal(nextCursor, null)
  assert.deepEqual(
    entries.map((e: { actor: { displayName: string } }) => e.actor.displayName),
    ['Chris Reception', 'Dr Ada Okafor'],
  )
  const [reception, clinician] = entries
  assert.equal(reception.actorRole, 'reception')
  assert.equal(reception.purpose, 'scheduling')
  assert.equal(clinician.actorRole, 'clinician')
  assert.equal(clinician.purpose, 'care-team')
  assert.equal(clinician.ip, CLINIC_IP)
  assert.equal(clinician.time, times.clinicianRead)
  assert.deepEqual(clinician.patient, { id: w.patientA.id, displayName: 'Maria Garcia' })
  assert.equal(clinician.outcome, 'success')
  assert.ok(clinician.entities.includes(`Patient/${w.patientA.id}`))
})

test('staff search: by person and outcome, and by time range', async () => {
  const denied = (await search(`actorId=${w.clinician.id}&outcome=denied`)).json().entries
  assert.equal(denied.length, 1)
  assert.equal(denied[0].patient.id, w.patientB.id)
  assert.equal(denied[0].detail, '404')
  assert.equal(denied[0].action, 'patient.read')

  const end = new Date(new Date(times.receptionRead).getTime() + 1).toISOString()
  const window = (await search(`from=${times.receptionRead}&to=${end}`)).json().entries
  assert.deepEqual(
    window.map((e: { action: string }) => e.action),
    ['patient.read'],
  )
  const reversed = await search(`from=${end}&to=${times.receptionRead}`)
  assert.equal(reversed.statusCode, 400)
  assert.equal(reversed.json().error.details[0].path, 'querystring/to')
})

test('staff search: paging with a cursor visits every earlier event once, newest first', async () => {
  const total = await w.t.ctx.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const res = await search(`limit=4${cursor ? `&cursor=${cursor}` : ''}`)
    assert.equal(res.statusCode, 200)
    const body = res.json()
    seen.push(...body.entries.map((e: { id: string }) => e.id))
    cursor = body.nextCursor
    pages++
  } while (cursor)
  assert.equal(new Set(seen).size, seen.length, 'no event twice')
  assert.equal(seen.length, Number(total.n), 'every event that existed when paging began')
  assert.ok(pages > 2)
})

test('FHIR search: a searchset Bundle of AuditEvents with ids, as application/fhir+json', async () => {
  const res = await fhir(`patient=Patient/${w.patientA.id}&action=patient.read`)
  assert.equal(res.statusCode, 200)
  assert.match(String(res.headers['content-type']), /^application\/fhir\+json/)
  const bundle = res.json()
  assert.equal(bundle.resourceType, 'Bundle')
  assert.equal(bundle.type, 'searchset')
  assert.equal(bundle.link[0].relation, 'self')
  assert.equal(bundle.entry.length, 2)
  for (const entry of bundle.entry) {
    assert.equal(entry.resource.resourceType, 'AuditEvent')
    assert.match(entry.resource.id, /^\d+$/)
    assert.ok(entry.fullUrl.endsWith(`/fhir/R4/AuditEvent/${entry.resource.id}`))
    assert.equal(entry.search.mode, 'match')
    assert.equal(entry.resource.type.code, 'patient.read')
    assert.ok(
      entry.resource.entity.some(
        (e: { what: { reference: string } }) => e.what.reference === `Patient/${w.patientA.id}`,
      ),
    )
  }
  const clinician = bundle.entry[1].resource
  assert.equal(clinician.agent[0].who.reference, `Account/${w.clinician.id}`)
  assert.equal(clinician.agent[0].purposeOfUse[0].text, 'care-team')
  // The same search with a bare id, and a read of one entry by its id.
  const bare = (await fhir(`patient=${w.patientA.id}&action=patient.read`)).json()
  assert.deepEqual(
    bare.entry.map((e: { resource: { id: string } }) => e.resource.id),
    bundle.entry.map((e: { resource: { id: string } }) => e.resource.id),
  )
  const one = await request(w.t, 'GET', `/fhir/R4/AuditEvent/${clinician.id}`, w.cookie.officer)
  assert.equal(one.statusCode, 200)
  assert.deepEqual(one.json(), clinician)
  const missing = await request(w.t, 'GET', '/fhir/R4/AuditEvent/999999999', w.cookie.officer)
  assert.equal(missing.statusCode, 404)
  assert.equal(missing.json().resourceType, 'OperationOutcome')
})

test('FHIR search: agent, outcome and date prefixes (repeatable)', async () => {
  const denied = (await fhir(`agent=Account/${w.clinician.id}&outcome=4`)).json()
  assert.equal(denied.entry.length, 1)
  assert.equal(denied.entry[0].resource.outcome, '4')
  const ids = (q: string) =>
    fhir(q).then((r) => {
      assert.equal(r.statusCode, 200, r.body)
      return r.json().entry.map((e: { resource: { type: { code: string } } }) => e.resource.type.code)
    })
  // ge the denied read and lt the reception read: exactly the denied read's minute.
  assert.deepEqual(
    await ids(`agent=${w.clinician.id}&date=ge${times.deniedRead}&date=lt${times.receptionRead}`),
    ['patient.read'],
  )
  // The clinician's own events (sign-in, reads) all fall on this day; searching adds none of theirs.
  const day = times.clinicianRead.slice(0, 10)
  const agent = `agent=${w.clinician.id}`
  const allToday = (await ids(`${agent}&date=${day}`)).length
  assert.ok(allToday >= 3)
  assert.equal((await ids(`${agent}&date=lt${day}`)).length, 0)
  assert.equal((await ids(`${agent}&date=gt${day}`)).length, 0)
  assert.equal((await ids(`${agent}&date=ne${day}`)).length, 0)
  assert.equal((await ids(`${agent}&date=le${day}&date=ge${day.slice(0, 7)}`)).length, allToday)
  assert.equal((await ids(`${agent}&date=${day.slice(0, 4)}`)).length, allToday)
})

test('FHIR search: _count pages with a next link until every event is seen', async () => {
  const before = await w.t.ctx.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('patient_id', '=', w.patientA.id)
    .executeTakeFirstOrThrow()
  let url: string | undefined = `/fhir/R4/AuditEvent?patient=Patient/${w.patientA.id}&_count=2`
  const seen: string[] = []
  while (url) {
    const res = await request(w.t, 'GET', url, w.cookie.officer)
    assert.equal(res.statusCode, 200, res.body)
    const bundle = res.json()
    assert.ok(bundle.entry.length <= 2)
    seen.push(...bundle.entry.map((e: { resource: { id: string } }) => e.resource.id))
    const next = bundle.link.find((l: { relation: string }) => l.relation === 'next')?.url as
      string | undefined
    if (next) assert.match(next, /_count=2/)
    url = next ? new URL(next).pathname + new URL(next).search : undefined
  }
  assert.equal(new Set(seen).size, seen.length)
  assert.equal(seen.length, Number(before.n))
})

test('FHIR search: strict handling, a 400 OperationOutcome naming the parameter', async () => {
  const cases: Array<[string, string]> = [
    ['foo=bar', 'foo'],
    ['_sort=-date', '_sort'],
    ['patient:missing=true', 'patient:missing'],
    ['patient=Practitioner/1', 'patient'],
    ['patient=not-a-uuid', 'patient'],
    ['agent=Patient/x', 'agent'],
    ['date=2026-13-01', 'date'],
    ['date=2026-02-30', 'date'],
    ['date=ap2026-03-02', 'date'],
    ['date=2026-03-02T09:00', 'date'],
    ['outcome=9', 'outcome'],
    ['_count=501', '_count'],
    ['_count=0', '_count'],
    ['_count=1e400', '_count'],
    ['action=Patient%20Read', 'action'],
  ]
  for (const [query, parameter] of cases) {
    const res = await fhir(query)
    assert.equal(res.statusCode, 400, `${query}: ${res.body}`)
    assert.match(String(res.headers['content-type']), /^application\/fhir\+json/)
    const outcome = res.json()
    assert.equal(outcome.resourceType, 'OperationOutcome')
    const named = JSON.stringify(outcome.issue)
    assert.ok(named.includes(parameter), `${query}: the outcome names ${parameter}: ${named}`)
  }
  const tooMany = await fhir(['2026', '2026', '2026', '2026', '2026'].map((d) => `date=${d}`).join('&'))
  assert.equal(tooMany.statusCode, 400)
})

test('only the admin and the privacy officer search; others get a 403, no session a 401', async () => {
  assert.equal((await fhir('', w.cookie.admin)).statusCode, 200)
  for (const who of ['clinician', 'reception', 'patientA'] as const) {
    const f = await fhir('', w.cookie[who])
    assert.equal(f.statusCode, 403, who)
    assert.equal(f.json().resourceType, 'OperationOutcome')
    assert.equal((await search('', w.cookie[who])).statusCode, 403, who)
  }
  const anonymous = await request(w.t, 'GET', '/fhir/R4/AuditEvent', undefined)
  assert.equal(anonymous.statusCode, 401)
  assert.equal(anonymous.json().resourceType, 'OperationOutcome')
})

test('injection attempts in every parameter: 0 responses 500, and the trail is intact', async () => {
  const payloads = [
    "' OR '1'='1",
    '1; DROP TABLE audit_event;--',
    "%' --",
    '\\',
    '\u0000',
    '$(reboot)',
    '{"$gt":""}',
    "Patient/00000000-0000-0000-0000-000000000000' OR 1=1--",
    `${'a'.repeat(3000)}`,
    "2026-03-02T09:00:00Z' OR 1=1",
    'ge2026-03-02T09:00:00+25:00',
    '99999999999999999999',
    '1e400',
    '-1',
    '<script>alert(1)</script>',
    '\r\nX-Injected: 1',
  ]
  const routes: Array<[string, string[]]> = [
    ['/fhir/R4/AuditEvent', ['patient', 'agent', 'date', 'action', 'outcome', '_count', '_cursor']],
    ['/api/audit/events', ['patientId', 'actorId', 'action', 'outcome', 'from', 'to', 'cursor', 'limit']],
    ['/api/audit/export?format=csv', ['patientId', 'actorId', 'action', 'outcome', 'from', 'to', 'format']],
    ['/api/audit/people?kind=patient', ['q', 'kind']],
  ]
  const count = async () =>
    Number(
      (
        await w.t.ctx.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  // A fresh second factor, so the export's parameters are reached rather than refused for step-up.
  w.cookie.officer = await stepUp(w.t, w.officer, w.cookie.officer)
  const before = await count()
  let requests = 0
  for (const [path, parameters] of routes) {
    for (const parameter of parameters) {
      for (const payload of payloads) {
        const url = `${path}${path.includes('?') ? '&' : '?'}${parameter}=${encodeURIComponent(payload)}`
        const res = await request(w.t, 'GET', url, w.cookie.officer)
        requests++
        assert.ok(res.statusCode < 500, `${url} -> ${res.statusCode} ${res.body.slice(0, 200)}`)
        assert.ok(!('x-injected' in res.headers))
      }
    }
  }
  const readId = `/fhir/R4/AuditEvent/${encodeURIComponent('1 OR 1=1')}`
  assert.equal((await request(w.t, 'GET', readId, w.cookie.officer)).statusCode, 400)
  assert.ok((await count()) >= before + requests, 'every attempt was itself recorded')
})
