// TURN credentials against a real coturn (/usr/bin/turnserver) in `use-auth-secret` mode with the
// production refusals of README.md ("coturn"): the issued credentials allocate a relay; a wrong
// or expired one is refused (401); relays to private and metadata addresses are refused (403, S34).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createSocket } from 'node:dgram'
import type { TurnCredentials } from '@tessera/contracts'
import { TURN_TTL_SECONDS } from './consult-rules.ts'
import { consultTest, type ConsultTest } from './consult-test-kit.ts'
import { turnCredential } from './turn-credentials.ts'
import { TurnTestClient } from './turn-test-client.ts'

const TURNSERVER = '/usr/bin/turnserver'
const SECRET = 'coturn-shared-secret-for-tests'
const DENIED = [
  '10.0.0.0-10.255.255.255',
  '172.16.0.0-172.31.255.255',
  '192.168.0.0-192.168.255.255',
  '169.254.0.0-169.254.255.255',
  '127.0.0.0-127.255.255.255',
  '::1',
  'fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  'fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
]

let c: ConsultTest
let coturn: ChildProcess | undefined
let port = 0

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4')
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve))
  const p = s.address().port
  s.close()
  return p
}

before(async () => {
  port = await freeUdpPort()
  const relayFrom = 50000 + Math.floor(Math.random() * 10000)
  coturn = spawn(
    TURNSERVER,
    [
      '-n',
      '--listening-ip=127.0.0.1',
      `--listening-port=${port}`,
      '--relay-ip=127.0.0.1',
      `--min-port=${relayFrom}`,
      `--max-port=${relayFrom + 50}`,
      '--use-auth-secret',
      `--static-auth-secret=${SECRET}`,
      '--realm=tessera.test',
      '--no-tls',
      '--no-dtls',
      '--no-tcp',
      '--no-cli',
      '--no-multicast-peers',
      '--log-file=stdout',
      ...DENIED.map((r) => `--denied-peer-ip=${r}`),
    ],
    { stdio: 'ignore' },
  )
  const probe = new TurnTestClient('127.0.0.1', port)
  for (let i = 0; i < 50 && !(await probe.ping()); i++) await new Promise((r) => setTimeout(r, 100))
  probe.close()
  c = await consultTest({
    listen: false,
    config: { turnUrls: `turn:127.0.0.1:${port}?transport=udp`, turnSecret: SECRET },
  })
  // coturn checks the expiry against real time: issue credentials at real time, and move the
  // patient's appointment there so its join window (which TURN credentials need) is open.
  const now = Date.now()
  await c.t.ctx.db
    .updateTable('appointment')
    .set({
      starts_at: new Date(now + 5 * 60_000),
      ends_at: new Date(now + 35 * 60_000),
      blocked_until: new Date(now + 35 * 60_000),
    })
    .where('id', '=', c.appointment)
    .execute()
  await c.at(new Date(now).toISOString())
})
after(async () => {
  coturn?.kill('SIGTERM')
  await c?.close()
})

async function credentials(): Promise<TurnCredentials> {
  // The fake clock must not make coturn see them as expired: issue them at real time.
  const res = await c.call('patient', 'GET', '/api/consult/turn-credentials')
  assert.equal(res.status, 200, res.body)
  return res.json as unknown as TurnCredentials
}

test('coturn is installed', { skip: !existsSync(TURNSERVER) }, () => {
  assert.ok(coturn?.pid)
})

test('issued credentials: <= 10 minutes, the coturn REST form, and they allocate a relay', async () => {
  const creds = await credentials()
  assert.deepEqual(creds.urls, [`turn:127.0.0.1:${port}?transport=udp`])
  assert.ok(creds.ttlSeconds <= TURN_TTL_SECONDS && creds.ttlSeconds > 0)
  const [expiry, id] = creds.username.split(':')
  assert.equal(Number(expiry), Math.floor(c.t.clock.now().getTime() / 1000) + creds.ttlSeconds)
  assert.ok(id && !creds.username.includes(c.people.patient.id), 'the username names nobody')
  const client = new TurnTestClient('127.0.0.1', port)
  try {
    const res = await client.allocate(creds.username, creds.credential)
    assert.equal(res.outcome, 'success')
    assert.equal((await client.permit('203.0.113.7')).outcome, 'success', 'a public peer is allowed')
    for (const ip of ['10.1.2.3', '192.168.1.1', '172.16.5.5', '169.254.169.254', '127.0.0.1'])
      assert.equal((await client.permit(ip)).outcome, 403, `relay to ${ip} refused`)
  } finally {
    client.close()
  }
})

test('a wrong or expired credential is refused', async () => {
  const creds = await credentials()
  const wrong = new TurnTestClient('127.0.0.1', port)
  assert.equal((await wrong.allocate(creds.username, `${creds.credential}x`)).outcome, 401)
  wrong.close()
  const past = `${Math.floor(Date.now() / 1000) - 5}:expired`
  const expired = new TurnTestClient('127.0.0.1', port)
  assert.equal((await expired.allocate(past, turnCredential(SECRET, past))).outcome, 401)
  expired.close()
  const other = new TurnTestClient('127.0.0.1', port)
  const future = `${Math.floor(Date.now() / 1000) + 300}:forged`
  assert.equal(
    (await other.allocate(future, turnCredential('some-other-secret-entirely', future))).outcome,
    401,
  )
  other.close()
})

test('TURN credentials are for people who join calls', async () => {
  assert.equal((await c.call('reception', 'GET', '/api/consult/turn-credentials')).status, 403)
  assert.equal((await c.call(null, 'GET', '/api/consult/turn-credentials')).status, 401)
  assert.equal((await c.call('clinician', 'GET', '/api/consult/turn-credentials')).status, 200)
  // No appointment in its join window: a clinician or patient without a call now gets nothing.
  for (const who of ['outsider', 'otherPatient'] as const) {
    const res = await c.call(who, 'GET', '/api/consult/turn-credentials')
    assert.equal(res.status, 404, who)
    assert.match(res.body, /No such consultation/)
  }
})

test('TURN credentials follow the join window: 15 minutes before the start to 60 after the end', async () => {
  const row = await c.t.ctx.db
    .selectFrom('appointment')
    .select(['starts_at', 'ends_at'])
    .where('id', '=', c.appointment)
    .executeTakeFirstOrThrow()
  const status = async (at: number) => {
    await c.at(new Date(at).toISOString())
    return (await c.call('patient', 'GET', '/api/consult/turn-credentials')).status
  }
  const start = row.starts_at.getTime()
  const end = row.ends_at.getTime()
  assert.equal(await status(start - 16 * 60_000), 404, 'too early')
  assert.equal(await status(start - 14 * 60_000), 200)
  assert.equal(await status(end + 59 * 60_000), 200)
  assert.equal(await status(end + 61 * 60_000), 404, 'over')
  const setStatus = (cancelled: boolean) =>
    c.t.ctx.db
      .updateTable('appointment')
      .set({ status: cancelled ? 'cancelled' : 'booked', cancelled_at: cancelled ? new Date(start) : null })
      .where('id', '=', c.appointment)
      .execute()
  await setStatus(true)
  assert.equal(await status(start), 404, 'a cancelled appointment gives no relay')
  await setStatus(false)
  await c.at(new Date().toISOString())
})
