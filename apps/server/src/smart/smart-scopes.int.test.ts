// Scopes narrow, never widen: an app gets what it asked for, within what the clinic allowed it and
// what the person's role may do; then the FHIR API enforces the same policy on token calls, and the
// audit trail names the app.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  authorize,
  exchange,
  fhirGet,
  person,
  registerApp,
  startSmartServer,
  type SmartServer,
} from './smart-test-kit.ts'

let s: SmartServer
before(async () => {
  s = await startSmartServer()
})
after(() => s.close())

const EVERYTHING = 'patient/*.rs user/*.rs user/Observation.rs openid fhirUser launch/patient offline_access'

test('a patient gets patient scopes only (context: themselves), never user scopes', async () => {
  const app = await registerApp(s, 'public')
  const flow = await authorize(s, app, await person(s, 'patient'), EVERYTHING)
  const granted = ['patient/*.rs', 'openid', 'fhirUser', 'launch/patient', 'offline_access']
  assert.deepEqual(
    flow.consent.scopes.map((x) => x.scope),
    granted,
    'the consent screen shows exactly what is granted',
  )
  assert.equal((await exchange(flow)).scope, granted.join(' '))
})

test('reception gets user scopes on demographics and scheduling only: no clinical types, no patient scopes', async () => {
  const app = await registerApp(s, 'public')
  const flow = await authorize(s, app, await person(s, 'reception'), EVERYTHING)
  const scopes = flow.consent.scopes.map((x) => x.scope)
  for (const clinical of [
    'Observation',
    'Encounter',
    'Composition',
    'MedicationRequest',
    'AllergyIntolerance',
  ])
    assert.ok(!scopes.some((x) => x.includes(clinical)), `no ${clinical} for reception`)
  assert.ok(scopes.includes('user/Patient.rs'))
  assert.ok(scopes.includes('user/Appointment.rs'))
  assert.ok(!scopes.some((x) => x.startsWith('patient/')))
  assert.ok(!scopes.includes('fhirUser'), 'fhirUser is given for patients only')
  assert.ok(!scopes.includes('user/*.rs'), 'the wildcard is spelled out: reception cannot read every type')
  const text = flow.consent.scopes.find((x) => x.scope === 'user/Patient.rs')!.text
  assert.equal(
    text,
    'Read personal details (name, date of birth, contact details) you can see in Tessera, as you',
  )
  assert.equal((await exchange(flow)).scope, scopes.join(' '))
})

test('a clinician may be granted user/*.rs; what the clinic allowed the app bounds it', async () => {
  const clinician = await person(s, 'clinician')
  const wide = await registerApp(s, 'public')
  assert.deepEqual(
    (await authorize(s, wide, clinician, 'user/*.rs openid')).consent.scopes.map((x) => x.scope),
    ['user/*.rs', 'openid'],
  )
  const narrow = await registerApp(s, 'public', 'user/Observation.rs patient/Observation.rs')
  const flow = await authorize(s, narrow, clinician, 'user/*.cruds offline_access')
  assert.deepEqual(
    flow.consent.scopes.map((x) => x.scope),
    ['user/Observation.rs'],
  )
  assert.equal((await exchange(flow)).refresh_token, undefined, 'offline_access was not allowed for this app')
})

test("with a token: the patient reads their own Patient (200), another patient's is missing (404)", async () => {
  const app = await registerApp(s, 'public')
  const patient = await person(s, 'patient')
  const other = await person(s, 'patient')
  const tokens = await exchange(await authorize(s, app, patient, 'patient/*.rs launch/patient'))
  const own = await fhirGet(s, `Patient/${tokens['patient'] as string}`, tokens.access_token)
  assert.equal(own.status, 200, JSON.stringify(own.body))
  assert.equal(own.body['id'], patient.id)
  const foreign = await fhirGet(s, `Patient/${other.id}`, tokens.access_token)
  assert.equal(foreign.status, 404)
  assert.ok(!JSON.stringify(foreign.body).includes(other.displayName))

  // The audit trail names the app on every token call, granted or not.
  const events = await s.t.ctx.db
    .selectFrom('audit_event')
    .select(['action', 'outcome', 'actor_id', 'body'])
    .where('action', '=', 'fhir.read')
    .where('actor_id', '=', patient.id)
    .execute()
  assert.deepEqual(events.map((e) => e.outcome).sort(), ['denied', 'success'])
  for (const event of events) {
    const refs = ((event.body['entity'] as Array<{ what: { reference: string } }> | undefined) ?? []).map(
      (e) => e.what.reference,
    )
    assert.ok(refs.includes(`Device/${app.clientId}`), `the ${event.outcome} read names the app`)
  }
})

test('with a token: a type outside the granted scopes is 403 even where the role could read it', async () => {
  const app = await registerApp(s, 'public')
  const patient = await person(s, 'patient')
  const tokens = await exchange(await authorize(s, app, patient, 'patient/Patient.rs'))
  assert.equal((await fhirGet(s, `Patient/${patient.id}`, tokens.access_token)).status, 200)
  const observations = await fhirGet(s, `Observation?patient=${patient.id}`, tokens.access_token)
  assert.equal(observations.status, 403, JSON.stringify(observations.body))
  assert.equal(observations.body['resourceType'], 'OperationOutcome')
})

test('reception with a token cannot read clinical types (the role and the narrowed scopes both say no)', async () => {
  const app = await registerApp(s, 'public')
  const patient = await person(s, 'patient')
  const tokens = await exchange(await authorize(s, app, await person(s, 'reception'), 'user/*.rs'))
  assert.equal((await fhirGet(s, `Patient/${patient.id}`, tokens.access_token)).status, 200)
  assert.equal((await fhirGet(s, `Observation?patient=${patient.id}`, tokens.access_token)).status, 403)
})

test('bearer tokens are refused outside the FHIR API, and a garbage token is a 401', async () => {
  const app = await registerApp(s, 'public')
  const tokens = await exchange(await authorize(s, app, await person(s, 'patient'), 'patient/*.rs'))
  const session = await fetch(`${s.base}/api/session`, {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  })
  assert.equal(session.status, 401)
  const garbage = await fhirGet(s, 'Patient?_count=1', 'eyJhbGciOiJub25lIn0.e30.')
  assert.equal(garbage.status, 401)
})
