// Break-glass (S5) as the clinician, the privacy officer and the patient see it.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { createAccount, signIn, someAddress, type TestAccount } from '../testing/accounts.ts'
import { BREAK_GLASS_MS } from './break-glass-service.ts'

let t: TestApp
let clinician: TestAccount
let patient: TestAccount
let officer: TestAccount
before(async () => {
  t = await createTestApp()
  clinician = await createAccount(t, { role: 'clinician', displayName: 'Dr Emergency' })
  patient = await createAccount(t, { role: 'patient', displayName: 'Pat Private' })
  officer = await createAccount(t, { role: 'privacy-officer' })
})
after(() => t.close())

const call = (method: 'GET' | 'POST', url: string, cookie: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    remoteAddress: someAddress(),
    headers: { ...t.browserHeaders, cookie },
    ...(payload ? { payload } : {}),
  })

test('outside the care team the record is not found; break-glass needs a reason and a fresh factor', async () => {
  const cookie = await signIn(t, clinician)
  assert.equal((await call('GET', `/api/patients/${patient.id}`, cookie)).statusCode, 404)
  const noReason = await call('POST', '/api/break-glass', cookie, {
    patientId: patient.id,
    reason: 'because',
  })
  assert.equal(noReason.statusCode, 400)
  assert.equal(noReason.json().error.details[0].path, 'body/reason')
  t.clock.advance(5 * 60_000 + 1000)
  const stale = await call('POST', '/api/break-glass', cookie, {
    patientId: patient.id,
    reason: 'Unconscious in A&E, need allergies',
  })
  assert.equal(stale.statusCode, 403)
  assert.equal(stale.json().error.details[0].message, 'step-up-required')
})

test('a grant opens the record for 60 minutes, alerts the privacy officer without PHI, and the patient sees it', async () => {
  const cookie = await signIn(t, clinician)
  const reason = 'Unconscious in A&E, need allergies'
  const grant = await call('POST', '/api/break-glass', cookie, { patientId: patient.id, reason })
  assert.equal(grant.statusCode, 201)
  assert.equal((await call('GET', `/api/patients/${patient.id}`, cookie)).statusCode, 200)

  await t.deliverMail()
  const alert = t.outbox.list().find((m) => m.to === officer.email && m.category === 'alert')
  assert.ok(alert, 'the privacy officer is alerted')
  for (const secret of [patient.displayName, patient.email, reason, clinician.displayName]) {
    assert.ok(
      !alert.text.includes(secret) && !alert.subject.includes(secret),
      `no ${secret} in the alert email`,
    )
  }

  const patientCookie = await signIn(t, patient)
  const seen = await call('GET', '/api/privacy/break-glass', patientCookie)
  assert.equal(seen.statusCode, 200)
  assert.equal(seen.json().uses[0].clinicianName, 'Dr Emergency')
  assert.equal(seen.json().uses[0].reason, reason)

  t.clock.advance(BREAK_GLASS_MS + 1000)
  const later = await signIn(t, clinician)
  assert.equal(
    (await call('GET', `/api/patients/${patient.id}`, later)).statusCode,
    404,
    '0 access after expiry',
  )
})

test('only clinicians can break glass, and only on patient records', async () => {
  const reception = await createAccount(t, { role: 'reception' })
  const r = await call('POST', '/api/break-glass', await signIn(t, reception), {
    patientId: patient.id,
    reason: 'Trying to see notes here',
  })
  assert.equal(r.statusCode, 403)
  const c = await call('POST', '/api/break-glass', await signIn(t, clinician), {
    patientId: officer.id,
    reason: 'Not a patient account at all',
  })
  assert.equal(c.statusCode, 404)
})

test('one account per person: the same email in another case is refused by the database (S4)', async () => {
  await assert.rejects(() => createAccount(t, { role: 'patient', email: patient.email.toUpperCase() }))
})
