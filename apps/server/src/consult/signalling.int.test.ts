// Signalling over real WebSockets against a listening server: who may connect (session cookie,
// Origin, room, admission), schema errors, the frame size and rate limits, relays only within a
// room, the roster signature check (the server cannot add anyone silently), presence, the call
// record with verification, and the clinician's lobby push.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { MAX_SIGNAL_FRAME_BYTES, SignalClose } from '@tessera/contracts'
import {
  connect,
  consultTest,
  newKeyPair,
  open,
  registerDevice,
  signRoster,
  type ConsultTest,
  type TestDevice,
} from './consult-test-kit.ts'

let c: ConsultTest
const dev = {} as Record<'patient' | 'clinician' | 'otherPatient', TestDevice>
const roomUrl = (id: string) => `${c.wsBase}/api/consult/${id}/socket`
before(async () => {
  c = await consultTest()
  for (const who of ['patient', 'clinician', 'otherPatient'] as const) dev[who] = await registerDevice(c, who)
  await c.at('2026-03-02T09:50:00Z')
})
after(() => c?.close())

async function join(who: 'patient' | 'clinician' | 'otherPatient', appointment = c.appointment) {
  const s = await open(roomUrl(appointment), c.cookie[who])
  s.send({ type: 'hello', deviceId: dev[who].id, suite: 5 })
  const welcome = await s.next((m) => m.type === 'welcome')
  return { s, welcome, id: String(welcome['participantId']), callId: String(welcome['callId']) }
}

test('who may connect: session, Origin, room, admission', async () => {
  const url = roomUrl(c.appointment)
  const none = await connect(url, null)
  assert.ok(!none.ok && none.status === 401)
  const crossSite = await connect(url, c.cookie.clinician, 'https://evil.example')
  assert.ok(!crossSite.ok && crossSite.status === 403)
  assert.match(!crossSite.ok ? crossSite.body : '', /Origin/)
  const noOrigin = await connect(url, c.cookie.clinician, null)
  assert.ok(!noOrigin.ok && noOrigin.status === 403)
  const other = await connect(url, c.cookie.otherPatient)
  const missing = await connect(roomUrl(randomUUID()), c.cookie.otherPatient)
  assert.ok(!other.ok && !missing.ok)
  assert.equal(other.status, 404)
  assert.equal(other.body, missing.body, 'a foreign room looks like a missing one (S2)')
  assert.match(other.body, /No such consultation/)
  const outsider = await connect(url, c.cookie.outsider)
  assert.ok(!outsider.ok && outsider.status === 404)
  const notAdmitted = await connect(url, c.cookie.patient)
  assert.ok(!notAdmitted.ok && notAdmitted.status === 403, 'the patient waits to be admitted')
  assert.match(!notAdmitted.ok ? notAdmitted.body : '', /waiting room/)
  const host = await connect(url, c.cookie.clinician)
  assert.ok(host.ok, 'the clinician may connect before the patient is admitted')
  host.socket.close()
})

test('lobby: the clinician hears a check-in at once; the patient hears the admission', async () => {
  const lobby = await open(`${c.wsBase}/api/consult/lobby`, c.cookie.clinician)
  assert.deepEqual((await lobby.next((m) => m.type === 'waiting'))['waiting'], [])
  const patientLobby = await open(`${c.wsBase}/api/consult/lobby`, c.cookie.patient)
  assert.equal((await c.call('patient', 'POST', `/api/consult/${c.appointment}/check-in`)).status, 200)
  const pushed = await lobby.next((m) => m.type === 'waiting')
  assert.deepEqual(
    (pushed['waiting'] as Array<Record<string, unknown>>).map((w) => w['appointmentId']),
    [c.appointment],
  )
  assert.equal((await c.call('clinician', 'POST', `/api/consult/${c.appointment}/admit`)).status, 200)
  const room = (await patientLobby.next((m) => m.type === 'room'))['room'] as Record<string, unknown>
  assert.equal(room['state'], 'admitted')
  assert.deepEqual((await lobby.next((m) => m.type === 'waiting'))['waiting'], [])
  lobby.close()
  patientLobby.close()
})

let host: Awaited<ReturnType<typeof join>>
let patient: Awaited<ReturnType<typeof join>>

test('hello joins the call; relays reach the addressed participant unchanged; presence is pushed', async () => {
  host = await join('clinician')
  patient = await join('patient')
  assert.equal(patient.callId, host.callId)
  const presence = await host.s.next(
    (m) => m.type === 'presence' && (m['participants'] as unknown[]).length === 2,
  )
  const keys = (presence['participants'] as Array<Record<string, unknown>>).map((p) => p['deviceKey'])
  assert.ok(keys.includes(Buffer.from(dev.patient.raw).toString('base64')), 'peers learn the registered key')
  const payload = Buffer.from('opaque msg1 bytes').toString('base64')
  patient.s.send({ type: 'relay', to: host.id, kind: 'handshake', payload })
  const got = await host.s.next((m) => m.type === 'relay')
  assert.deepEqual(got, { type: 'relay', from: patient.id, kind: 'handshake', payload })
  patient.s.send({ type: 'relay', to: randomUUID(), kind: 'sdp', payload })
  assert.equal((await patient.s.next((m) => m.type === 'error'))['code'], 'unknown-participant')
})

test('every message is checked against the schema; an error frame names the field and the socket stays', async () => {
  const s = patient.s
  s.send('not json')
  assert.equal((await s.next((m) => m.type === 'error'))['code'], 'invalid-message')
  s.send({ type: 'shout' })
  assert.equal((await s.next((m) => m.type === 'error'))['path'], '/type')
  s.send({ type: 'relay', to: host.id, kind: 'sdp', payload: 'x', extra: 1 })
  assert.equal((await s.next((m) => m.type === 'error'))['code'], 'invalid-message')
  s.send({ type: 'relay', to: host.id, kind: 'media', payload: 'AAAA' })
  assert.equal((await s.next((m) => m.type === 'error'))['path'], '/kind')
  s.send({ type: 'relay', to: 'me', kind: 'sdp', payload: 'AAAA' })
  assert.equal((await s.next((m) => m.type === 'error'))['path'], '/to')
  s.send({ type: 'relay', to: host.id, kind: 'ice', payload: 'QUJD' })
  assert.equal((await host.s.next((m) => m.type === 'relay'))['payload'], 'QUJD', 'still connected')
  const fresh = await open(roomUrl(c.appointment), c.cookie.clinician)
  fresh.send({ type: 'relay', to: patient.id, kind: 'sdp', payload: 'QUJD' })
  assert.equal((await fresh.next((m) => m.type === 'error'))['code'], 'hello-first')
  fresh.send({ type: 'hello', deviceId: dev.patient.id, suite: 5 })
  assert.equal(
    (await fresh.next((m) => m.type === 'error'))['code'],
    'unknown-device',
    "another person's device",
  )
  fresh.close()
})

test("the roster is accepted only when signed by the host's registered device, naming registered devices", async () => {
  const members = [
    { slot: 0, accountId: c.people.clinician.id, key: dev.clinician.raw },
    { slot: 1, accountId: c.people.patient.id, key: dev.patient.raw },
  ]
  // Signed by a key that is not the clinician's registered device (e.g. a server trying to add one).
  const rogue = newKeyPair()
  host.s.send({ type: 'roster', roster: signRoster(rogue.privateKey, host.callId, 1, members) })
  assert.equal((await host.s.next((m) => m.type === 'error'))['code'], 'bad-roster')
  // Correctly signed, but naming an unregistered device for the patient.
  const hidden = [members[0]!, { slot: 1, accountId: c.people.patient.id, key: rogue.raw }]
  host.s.send({ type: 'roster', roster: signRoster(dev.clinician.privateKey, host.callId, 1, hidden) })
  assert.equal((await host.s.next((m) => m.type === 'error'))['code'], 'bad-roster')
  // For another call id.
  host.s.send({ type: 'roster', roster: signRoster(dev.clinician.privateKey, randomUUID(), 1, members) })
  assert.equal((await host.s.next((m) => m.type === 'error'))['code'], 'bad-roster')
  // The patient cannot sign one at all.
  patient.s.send({ type: 'roster', roster: signRoster(dev.patient.privateKey, host.callId, 1, members) })
  assert.equal((await patient.s.next((m) => m.type === 'error'))['code'], 'not-host')
  const good = signRoster(dev.clinician.privateKey, host.callId, 1, members)
  host.s.send({ type: 'roster', roster: good })
  assert.deepEqual(await patient.s.next((m) => m.type === 'roster'), {
    type: 'roster',
    roster: good,
    version: 1,
  })
  await host.s.next((m) => m.type === 'roster')
  host.s.send({ type: 'roster', roster: good })
  assert.equal(
    (await host.s.next((m) => m.type === 'error'))['code'],
    'stale-roster',
    'no replay of an old roster',
  )
})

test('relays never cross rooms', async () => {
  await c.at('2026-03-02T10:50:00Z')
  assert.equal(
    (await c.call('otherPatient', 'POST', `/api/consult/${c.otherAppointment}/check-in`)).status,
    200,
  )
  assert.equal((await c.call('clinician', 'POST', `/api/consult/${c.otherAppointment}/admit`)).status, 200)
  const other = await join('otherPatient', c.otherAppointment)
  other.s.send({ type: 'relay', to: patient.id, kind: 'chat', payload: 'QUJD' })
  assert.equal((await other.s.next((m) => m.type === 'error'))['code'], 'unknown-participant')
  patient.s.send({ type: 'relay', to: other.id, kind: 'chat', payload: 'QUJD' })
  assert.equal((await patient.s.next((m) => m.type === 'error'))['code'], 'unknown-participant')
  other.s.close()
  await c.at('2026-03-02T10:00:00Z')
})

test('a frame over 64 KiB closes the socket with 1009', async () => {
  const s = await open(roomUrl(c.appointment), c.cookie.clinician)
  s.send({ type: 'relay', to: patient.id, kind: 'sdp', payload: 'A'.repeat(MAX_SIGNAL_FRAME_BYTES) })
  assert.equal((await s.waitClosed()).code, 1009)
})

test('more than 50 messages at once closes the socket with the rate-limit code', async () => {
  const s = await open(roomUrl(c.appointment), c.cookie.clinician)
  for (let i = 0; i < 80; i++) s.send({ type: 'leave-not' })
  assert.equal((await s.waitClosed()).code, SignalClose.rateLimited)
})

test('verification and leaves go into the call record; no payload is stored', async () => {
  patient.s.send({ type: 'verified', result: 'match' })
  host.s.send({ type: 'verified', result: 'match' })
  await new Promise((r) => setTimeout(r, 100))
  patient.s.send({ type: 'leave' })
  assert.equal((await patient.s.waitClosed()).code, 1000)
  const presence = await host.s.next(
    (m) => m.type === 'presence' && (m['participants'] as unknown[]).length === 1,
  )
  assert.ok(presence)
  host.s.close()
  await host.s.waitClosed()
  let record: Record<string, unknown> = {}
  for (let i = 0; i < 50; i++) {
    record = (await c.call('patient', 'GET', `/api/consult/${c.appointment}/record`)).json
    const [call] = record['calls'] as Array<Record<string, unknown>>
    if (call?.['endedAt']) break
    await new Promise((r) => setTimeout(r, 20))
  }
  const calls = record['calls'] as Array<Record<string, unknown>>
  const call = calls.find((x) => x['callId'] === host.callId)!
  assert.ok(call['endedAt'], JSON.stringify(call))
  assert.equal(call['rosterVersion'], 1)
  const parts = call['participants'] as Array<Record<string, unknown>>
  assert.deepEqual(new Set(parts.map((p) => p['role'])), new Set(['host', 'patient']))
  assert.ok(parts.every((p) => p['cipherSuite'] === 5 && p['leftAt']))
  const verified = call['verifications'] as Array<Record<string, unknown>>
  assert.deepEqual(
    new Set(verified.map((v) => v['accountId'])),
    new Set([c.people.patient.id, c.people.clinician.id]),
  )
  assert.equal((await c.call('outsider', 'GET', `/api/consult/${c.appointment}/record`)).status, 404)
  const actions = await c.t.ctx.db
    .selectFrom('audit_event')
    .select('action')
    .where('action', 'like', 'consult.%')
    .execute()
  for (const a of ['consult.join', 'consult.leave', 'consult.verify', 'consult.roster'])
    assert.ok(
      actions.some((x) => x.action === a),
      a,
    )
  // Nothing relayed was kept anywhere in the database.
  const dump = JSON.stringify(
    await Promise.all(
      (['consult_call', 'consult_participant', 'consult_verification', 'audit_event'] as const).map((t) =>
        c.t.ctx.db.selectFrom(t).selectAll().execute(),
      ),
    ),
  )
  for (const payload of ['opaque msg1 bytes', Buffer.from('opaque msg1 bytes').toString('base64'), 'QUJD'])
    assert.ok(!dump.includes(payload), `payload ${payload} stored`)
  assert.ok(!c.t.logs.text().includes('QUJD'), 'payloads never logged')
})
