// Every FHIR call leaves an audit event naming the actor, the patient and the resources, before the
// response; the patient's access log says in plain words what a clinician opened.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { createAccount, signIn, type TestAccount } from '../testing/accounts.ts'
import { fhirCaller, type Caller } from '../testing/fhir-calls.ts'

let t: TestApp
let patient: TestAccount
let doctor: TestAccount
let clinician: Caller
let patientCall: Caller

before(async () => {
  t = await createTestApp()
  patient = await createAccount(t, { role: 'patient', displayName: 'Audit Subject' })
  doctor = await createAccount(t, { role: 'clinician', displayName: 'Dr Audit' })
  await t.ctx.db
    .insertInto('care_team')
    .values({
      patient_id: patient.id,
      clinician_id: doctor.id,
      source: 'assignment',
      created_at: t.clock.now(),
    })
    .execute()
  clinician = fhirCaller(t, await signIn(t, doctor))
  patientCall = fhirCaller(t, await signIn(t, patient))
})
after(() => t.close())

async function eventsFor(action: string) {
  return t.ctx.db
    .selectFrom('audit_event')
    .select(['action', 'outcome', 'actor_id', 'patient_id', 'body'])
    .where('action', '=', action)
    .orderBy('id')
    .execute()
}

test('create, read and search each record who, which patient and which resource', async () => {
  const created = await clinician('POST', 'Observation', {
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'Heart rate' },
    subject: { reference: `Patient/${patient.id}` },
  })
  assert.equal(created.status, 201)
  const id = created.json.id!
  assert.equal((await clinician('GET', `Observation/${id}`)).status, 200)
  assert.equal((await clinician('GET', `Observation?patient=${patient.id}`)).status, 200)
  for (const action of ['fhir.create', 'fhir.read', 'fhir.search']) {
    const [event] = (await eventsFor(action)).filter((e) => e.patient_id === patient.id)
    assert.ok(event, `${action} recorded`)
    assert.equal(event.actor_id, doctor.id)
    assert.equal(event.outcome, 'success')
    assert.ok(JSON.stringify(event.body).includes(`Observation/${id}`), `${action} names the resource`)
    assert.ok(!JSON.stringify(event.body).includes('Heart rate'), `${action} holds no clinical content`)
  }
})

test('a refused read is recorded as denied', async () => {
  const before = (await eventsFor('fhir.read')).length
  const stranger = fhirCaller(t, await signIn(t, await createAccount(t, { role: 'clinician' })))
  assert.equal((await stranger('GET', `Patient/${patient.id}`)).status, 404)
  const events = await eventsFor('fhir.read')
  assert.equal(events.length, before + 1)
  assert.equal(events.at(-1)?.outcome, 'denied')
})

test("the patient's access log says what the clinician opened, in plain words", async () => {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/privacy/access-log',
    headers: { ...t.browserHeaders, cookie: (await signIn(t, patient)) ?? '' },
  })
  assert.equal(res.statusCode, 200)
  const log = JSON.parse(res.body) as { entries: Array<{ who: string; what: string }> }
  const mine = log.entries.filter((e) => e.who === 'Dr Audit').map((e) => e.what)
  assert.ok(mine.includes('Your results and measurements'), JSON.stringify(mine))
  void patientCall
})
