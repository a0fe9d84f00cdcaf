// Two instances sharing one database and the real Redis (redis://127.0.0.1:6379, or REDIS_TEST_URL):
// a patient connected to A and a clinician connected to B see each other's presence, relay to
// each other, and get the roster; the clinician's lobby on B hears a check-in made on A.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import {
  consultTest,
  open,
  registerDevice,
  signRoster,
  type ConsultTest,
  type TestDevice,
} from './consult-test-kit.ts'

const redisUrl = process.env['REDIS_TEST_URL'] ?? 'redis://127.0.0.1:6379'
let a: ConsultTest
let b: TestApp
let bBase = ''
const dev = {} as Record<'patient' | 'clinician', TestDevice>

before(async () => {
  a = await consultTest({ config: { redisUrl } })
  b = await createTestApp({ database: a.t.database, config: { redisUrl } })
  bBase = (await b.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws')
  dev.patient = await registerDevice(a, 'patient')
  dev.clinician = await registerDevice(a, 'clinician')
  await a.at('2026-03-02T09:50:00Z')
  b.clock.set('2026-03-02T09:50:00Z')
})
after(async () => {
  await b?.close()
  await a?.close()
})

test("a check-in on instance A reaches the clinician's lobby on instance B", async () => {
  const lobby = await open(`${bBase}/api/consult/lobby`, a.cookie.clinician)
  assert.deepEqual((await lobby.next((m) => m.type === 'waiting'))['waiting'], [])
  assert.equal((await a.call('patient', 'POST', `/api/consult/${a.appointment}/check-in`)).status, 200)
  const pushed = await lobby.next((m) => m.type === 'waiting')
  assert.equal((pushed['waiting'] as unknown[]).length, 1)
  lobby.close()
})

test('a patient on A and a clinician on B: presence, relays both ways, roster', async () => {
  const admit = await b.app.inject({
    method: 'POST',
    url: `/api/consult/${a.appointment}/admit`,
    headers: { ...b.browserHeaders, cookie: a.cookie.clinician },
  })
  assert.equal(admit.statusCode, 200, admit.body)
  const host = await open(`${bBase}/api/consult/${a.appointment}/socket`, a.cookie.clinician)
  host.send({ type: 'hello', deviceId: dev.clinician.id, suite: 5 })
  const hw = await host.next((m) => m.type === 'welcome')
  const patient = await open(`${a.wsBase}/api/consult/${a.appointment}/socket`, a.cookie.patient)
  patient.send({ type: 'hello', deviceId: dev.patient.id, suite: 5 })
  const pw = await patient.next((m) => m.type === 'welcome')
  assert.equal(pw['callId'], hw['callId'], 'one call across instances')
  assert.equal((pw['participants'] as unknown[]).length, 2)
  await host.next((m) => m.type === 'presence' && (m['participants'] as unknown[]).length === 2)

  patient.send({ type: 'relay', to: hw['participantId'], kind: 'handshake', payload: 'bXNnMQ==' })
  assert.deepEqual(await host.next((m) => m.type === 'relay'), {
    type: 'relay',
    from: pw['participantId'],
    kind: 'handshake',
    payload: 'bXNnMQ==',
  })
  host.send({ type: 'relay', to: pw['participantId'], kind: 'handshake', payload: 'bXNnMg==' })
  assert.equal((await patient.next((m) => m.type === 'relay'))['payload'], 'bXNnMg==')

  const roster = signRoster(dev.clinician.privateKey, String(hw['callId']), 1, [
    { slot: 0, accountId: a.people.clinician.id, key: dev.clinician.raw },
    { slot: 1, accountId: a.people.patient.id, key: dev.patient.raw },
  ])
  host.send({ type: 'roster', roster })
  assert.equal((await patient.next((m) => m.type === 'roster'))['roster'], roster)

  patient.send({ type: 'leave' })
  await host.next((m) => m.type === 'presence' && (m['participants'] as unknown[]).length === 1)
  host.close()
  await host.waitClosed()
})
