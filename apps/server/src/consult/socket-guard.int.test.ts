// Open sockets over time (socket-keeper.ts) and refused upgrades (upgrade-guard.ts), with real `ws`
// clients: a revoked or idle session closes its sockets with 4401, a call keeps its session alive,
// a peer that stops answering pings is dropped and marked left, and refusals are audited and
// limited per client address. `sockets.sweep()` is the periodic check, run here by hand.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { SignalClose } from '@tessera/contracts'
import { UPGRADE_REFUSALS_PER_ADDRESS } from './consult-rules.ts'
import {
  connect,
  consultTest,
  open,
  registerDevice,
  type ConsultTest,
  type TestDevice,
} from './consult-test-kit.ts'

let c: ConsultTest
const dev = {} as Record<'patient' | 'clinician', TestDevice>
const roomUrl = () => `${c.wsBase}/api/consult/${c.appointment}/socket`
const lobbyUrl = () => `${c.wsBase}/api/consult/lobby`
const sweep = () => c.t.ctx.consult.sockets.sweep()
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

before(async () => {
  c = await consultTest()
  for (const who of ['patient', 'clinician'] as const) dev[who] = await registerDevice(c, who)
  await c.at('2026-03-02T09:50:00Z')
  assert.equal((await c.call('patient', 'POST', `/api/consult/${c.appointment}/check-in`)).status, 200)
  assert.equal((await c.call('clinician', 'POST', `/api/consult/${c.appointment}/admit`)).status, 200)
})
after(() => c?.close())

async function join(who: 'patient' | 'clinician') {
  const s = await open(roomUrl(), c.cookie[who])
  s.send({ type: 'hello', deviceId: dev[who].id, suite: 5 })
  const welcome = await s.next((m) => m.type === 'welcome')
  return { s, id: String(welcome['participantId']), callId: String(welcome['callId']) }
}

test('a revoked session closes its sockets with 4401 at the next check; others stay', async () => {
  const host = await join('clinician')
  const lobby = await open(lobbyUrl(), c.cookie.clinician)
  const patient = await join('patient')
  await host.s.next((m) => m.type === 'presence' && (m['participants'] as unknown[]).length === 2)
  host.s.messages.length = 0
  await sweep()
  assert.equal(patient.s.closed, null, 'a live session is left alone')
  await c.t.ctx.identity.sessions.revokeAll(c.people.patient.id, 'signed-out-elsewhere')
  await pause(50) // the pongs to the first check (checks are SOCKET_CHECK_MS apart)
  await sweep()
  assert.equal((await patient.s.waitClosed()).code, SignalClose.sessionEnded)
  const presence = await host.s.next(
    (m) => m.type === 'presence' && (m['participants'] as unknown[]).length === 1,
  )
  assert.ok(presence, 'the host sees the patient gone')
  assert.equal(host.s.closed, null)
  assert.equal(lobby.closed, null)
  host.s.close()
  lobby.close()
  await host.s.waitClosed()
})

test('idle limits: a call keeps its session alive, a lobby tab does not', async () => {
  await c.at('2026-03-02T09:55:00Z')
  const host = await join('clinician')
  const patientLobby = await open(lobbyUrl(), c.cookie.patient)
  // Staff idle limit 15 min, patient 30: step 10 minutes at a time, the call touching the session.
  for (const at of ['10:05', '10:15', '10:25', '10:35']) {
    c.t.clock.set(`2026-03-02T${at}:00Z`)
    await sweep()
    await pause(50) // pongs
  }
  assert.equal(host.s.closed, null, 'the clinician in a call is not idled out')
  assert.equal((await patientLobby.waitClosed()).code, SignalClose.sessionEnded, 'the idle lobby tab is')
  host.s.close()
  await host.s.waitClosed()
})

test('a peer that stops answering pings is dropped and marked left', async () => {
  await c.at('2026-03-02T10:05:00Z')
  const host = await join('clinician')
  const patient = await join('patient')
  await host.s.next((m) => m.type === 'presence' && (m['participants'] as unknown[]).length === 2)
  host.s.messages.length = 0
  patient.s.ws.pause() // a frozen browser: the ping is never read, so no pong
  await sweep()
  await pause(100)
  await sweep() // no pong since the last ping: terminated
  await host.s.next((m) => m.type === 'presence' && (m['participants'] as unknown[]).length === 1)
  assert.equal(host.s.closed, null, 'the host answered its pings')
  const row = await c.t.ctx.db
    .selectFrom('consult_participant')
    .select('left_at')
    .where('id', '=', patient.id)
    .executeTakeFirstOrThrow()
  assert.ok(row.left_at, 'the dropped participant is not "joined" any more')
  patient.s.ws.terminate()
  host.s.close()
  await host.s.waitClosed()
})

test('refused upgrades are audited without payloads and limited per client address', async () => {
  for (let i = 0; i < UPGRADE_REFUSALS_PER_ADDRESS; i++) {
    const res = await connect(roomUrl(), i % 2 ? null : '__Host-tessera=forged-cookie-value')
    assert.ok(!res.ok && res.status === 401)
  }
  // Now even a good session from this address is turned away, before any work; a forwarded
  // address does not help without a trusted proxy.
  const blocked = await connect(roomUrl(), c.cookie.clinician)
  assert.ok(!blocked.ok && blocked.status === 429, 'over the limit')
  assert.ok(!(await connect(lobbyUrl(), c.cookie.patient)).ok)
  await c.t.ctx.audit.drain()
  await pause(100)
  const rows = await c.t.ctx.db
    .selectFrom('audit_event')
    .select(['outcome', 'body'])
    .where('action', '=', 'consult.socket-refused')
    .execute()
  assert.equal(rows.length, UPGRADE_REFUSALS_PER_ADDRESS + 1, 'each refusal, then the block once')
  assert.ok(rows.every((r) => r.outcome === 'denied'))
  const bodies = rows.map((r) => JSON.stringify(r.body))
  assert.equal(bodies.filter((b) => b.includes('"429"')).length, 1)
  assert.ok(bodies.some((b) => b.includes(`Appointment/${c.appointment}`)))
  assert.ok(!bodies.some((b) => b.includes('forged-cookie-value')), 'no header values in the audit')
})
