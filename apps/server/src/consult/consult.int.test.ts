// Consultations over HTTP: device keys, who is in a room (S2), the join window, the joining gate
// (withdrawn telehealth consent refuses the check-in, issue 7), the waiting room and admission.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { ConsultDevice } from '@tessera/contracts'
import { MAX_DEVICES } from './consult-rules.ts'
import { consultTest, newKeyPair, type ConsultTest } from './consult-test-kit.ts'

let c: ConsultTest
before(async () => {
  c = await consultTest({ listen: false })
})
after(() => c?.close())

const key = () => Buffer.from(newKeyPair().raw).toString('base64')
const details = (r: { json: Record<string, unknown> }) =>
  ((r.json['error'] as { details?: Array<{ path: string; message: string }> }).details ?? []).map(
    (d) => d.path,
  )

test('devices: register, list own only, validation names the field, limit, revoke', async () => {
  const a = await c.call('patient', 'POST', '/api/consult/devices', { publicKey: key(), label: ' Phone ' })
  assert.equal(a.status, 201, a.body)
  const device = a.json as unknown as ConsultDevice
  assert.equal(device.label, 'Phone')
  assert.equal(device.algorithm, 'ed25519')

  const bad = await c.call('patient', 'POST', '/api/consult/devices', { publicKey: 'abc', label: 'x' })
  assert.equal(bad.status, 400)
  assert.match(bad.body, /publicKey/)
  const extra = await c.call('patient', 'POST', '/api/consult/devices', {
    publicKey: key(),
    label: 'x',
    y: 1,
  })
  assert.equal(extra.status, 400)
  const same = await c.call('clinician', 'POST', '/api/consult/devices', {
    publicKey: device.publicKey,
    label: 'x',
  })
  assert.equal(same.status, 409, 'a key is registered once, to one account')
  assert.deepEqual(details(same), ['/publicKey'])
  const staff = await c.call('reception', 'POST', '/api/consult/devices', { publicKey: key(), label: 'x' })
  assert.equal(staff.status, 403)

  for (let i = 1; i < MAX_DEVICES; i++)
    assert.equal(
      (await c.call('patient', 'POST', '/api/consult/devices', { publicKey: key(), label: `d${i}` })).status,
      201,
    )
  const over = await c.call('patient', 'POST', '/api/consult/devices', {
    publicKey: key(),
    label: 'one too many',
  })
  assert.equal(over.status, 409)
  assert.match(over.body, /At most 10 devices/)

  const mine = await c.call('patient', 'GET', '/api/consult/devices')
  assert.equal((mine.json['devices'] as unknown[]).length, MAX_DEVICES)
  const theirs = await c.call('otherPatient', 'GET', '/api/consult/devices')
  assert.deepEqual(theirs.json['devices'], [])

  assert.equal((await c.call('otherPatient', 'DELETE', `/api/consult/devices/${device.id}`)).status, 404)
  const gone = await c.call('patient', 'DELETE', `/api/consult/devices/${device.id}`)
  assert.equal(gone.status, 200)
  assert.ok(!(gone.json['devices'] as ConsultDevice[]).some((d) => d.id === device.id))
  assert.equal((await c.call('patient', 'DELETE', `/api/consult/devices/${device.id}`)).status, 404)
})

test('a room is only for its patient and its clinician: everyone else sees "No such consultation." (S2)', async () => {
  const url = `/api/consult/${c.appointment}`
  assert.equal((await c.call('patient', 'GET', url)).json['role'], 'patient')
  assert.equal((await c.call('clinician', 'GET', url)).json['role'], 'host')
  const missing = await c.call('otherPatient', 'GET', `/api/consult/${randomUUID()}`)
  assert.equal(missing.status, 404)
  for (const who of ['otherPatient', 'outsider'] as const) {
    const res = await c.call(who, 'GET', url)
    assert.equal(res.status, 404)
    assert.equal(res.body.replace(/"requestId":"[^"]+"/, ''), missing.body.replace(/"requestId":"[^"]+"/, ''))
    assert.equal((await c.call(who, 'GET', `${url}/record`)).status, 404)
  }
  assert.equal((await c.call('otherPatient', 'POST', `${url}/check-in`)).status, 404)
  assert.equal((await c.call('outsider', 'POST', `${url}/admit`)).status, 404)
  assert.equal((await c.call('reception', 'GET', url)).status, 403, 'reception is not in calls')
  assert.equal((await c.call(null, 'GET', url)).status, 401)
})

test('check-in opens 15 minutes before the start; admit needs someone waiting', async () => {
  await c.at('2026-03-02T09:40:00Z')
  const early = await c.call('patient', 'POST', `/api/consult/${c.appointment}/check-in`)
  assert.equal(early.status, 409, early.body)
  assert.deepEqual(details(early), ['joinFrom'])
  const nobody = await c.call('clinician', 'POST', `/api/consult/${c.appointment}/admit`)
  assert.equal(nobody.status, 409)
  assert.equal((await c.call('clinician', 'POST', `/api/consult/${c.appointment}/check-in`)).status, 403)
})

test('withdrawn telehealth consent refuses the check-in, naming /readiness/consent (issue 7)', async () => {
  await c.at('2026-03-02T10:50:00Z')
  const withdraw = await c.call('otherPatient', 'POST', '/api/consents/withdraw', { kind: 'telehealth' })
  assert.equal(withdraw.status, 200, withdraw.body)
  const res = await c.call('otherPatient', 'POST', `/api/consult/${c.otherAppointment}/check-in`)
  assert.equal(res.status, 400, res.body)
  assert.deepEqual(details(res), ['/readiness/consent'])
  assert.match(res.body, /telehealth consent/)
  assert.equal(
    (await c.call('clinician', 'GET', '/api/consult/waiting')).json['waiting'] instanceof Array,
    true,
  )
  const view = await c.call('otherPatient', 'GET', `/api/consult/${c.otherAppointment}`)
  assert.equal(view.json['state'], 'not-checked-in', 'nothing half-saved')
})

test("waiting room: check-in shows on the clinician's list; admit lets the patient in; state is in the database", async () => {
  await c.at('2026-03-02T09:50:00Z')
  const res = await c.call('patient', 'POST', `/api/consult/${c.appointment}/check-in`)
  assert.equal(res.status, 200, res.body)
  assert.equal(res.json['state'], 'waiting')
  const waiting = await c.call('clinician', 'GET', '/api/consult/waiting')
  assert.deepEqual(
    (waiting.json['waiting'] as Array<Record<string, unknown>>).map((w) => [
      w['appointmentId'],
      w['patientName'],
    ]),
    [[c.appointment, 'patient tester']],
  )
  assert.deepEqual((await c.call('outsider', 'GET', '/api/consult/waiting')).json['waiting'], [])
  assert.equal((await c.call('patient', 'GET', '/api/consult/waiting')).status, 403)
  const admit = await c.call('clinician', 'POST', `/api/consult/${c.appointment}/admit`)
  assert.equal(admit.status, 200, admit.body)
  assert.equal(admit.json['state'], 'admitted')
  const again = await c.call('patient', 'POST', `/api/consult/${c.appointment}/check-in`)
  assert.equal(again.json['state'], 'admitted', 'a reload keeps the admission')
  assert.deepEqual((await c.call('clinician', 'GET', '/api/consult/waiting')).json['waiting'], [])
  const row = await c.t.ctx.db
    .selectFrom('consult_room')
    .selectAll()
    .where('appointment_id', '=', c.appointment)
    .executeTakeFirstOrThrow()
  assert.equal(row.admitted_by, c.people.clinician.id)
  const audit = await c.t.ctx.db
    .selectFrom('audit_event')
    .select(['action', 'patient_id'])
    .where('action', 'in', ['consult.check-in', 'consult.admit'])
    .where('outcome', '=', 'success')
    .execute()
  assert.ok(audit.some((a) => a.action === 'consult.check-in' && a.patient_id === c.people.patient.id))
  assert.ok(audit.some((a) => a.action === 'consult.admit' && a.patient_id === c.people.patient.id))
})

test('TURN credentials: 404 when no TURN server is configured; the socket address without an upgrade is a 400', async () => {
  const res = await c.call('patient', 'GET', '/api/consult/turn-credentials')
  assert.equal(res.status, 404)
  assert.equal((await c.call('admin', 'GET', '/api/consult/turn-credentials')).status, 403)
  assert.equal((await c.call('patient', 'GET', `/api/consult/${c.appointment}/socket`)).status, 400)
})
