// The signalling socket in the authorisation matrix (S1, S2, S40): for every client message type,
// everyone who must not send it into this room (no session, another patient, a clinician who is not
// the appointment's, reception, admin, a guest who signed out, a revoked guest) is refused at the
// upgrade, and a foreign room looks exactly like a missing one; people in the room are refused the
// messages that are not theirs (the patient's roster, anything before hello, another person's
// device); no refusal carries another participant's data. Then the socket's messages are fuzzed
// from their schemas: every bad frame gets an error frame or a clean close, never an `internal`
// error, an abnormal close or an exception. FUZZ_SEED=<n> replays; FUZZ_SEED=random explores.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import {
  SignalHello,
  SignalLeave,
  SignalRelay,
  SignalRoster,
  SignalVerified,
  type SignalErrorCode,
} from '@tessera/contracts'
import { someAddress } from '../testing/accounts.ts'
import { fuzzValue, HOSTILE_STRINGS, type JsonSchema } from '../testing/schema-arbitrary.ts'
import { WebSocket } from 'ws'
import { TEST_ORIGIN } from '../testing/test-app.ts'
import {
  consultTest,
  open,
  registerDevice,
  signRoster,
  TestSocket,
  type Connect,
  type ConsultTest,
  type TestDevice,
} from './consult-test-kit.ts'
import { GUEST_COOKIE } from './guest-service.ts'

const SEED =
  process.env['FUZZ_SEED'] === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env['FUZZ_SEED'] ?? 20260613)
const FRAMES = Number(process.env['FUZZ_RUNS'] ?? 150)

const MESSAGE_TYPES = ['hello', 'roster', 'relay', 'verified', 'leave'] as const
type MessageType = (typeof MESSAGE_TYPES)[number]

let c: ConsultTest
const dev = {} as Record<'patient' | 'clinician' | 'otherPatient' | 'outsider', TestDevice>
const guest = { signedOut: '', revoked: '', admitted: '', admittedDevice: '' }
let host: { s: TestSocket; id: string; callId: string }
let patient: { s: TestSocket; id: string; callId: string }
/** What only people in this room may learn: names, ids, device keys, the call. */
let canaries: string[] = []
const crashes: string[] = []
const onCrash = (err: unknown) =>
  crashes.push(err instanceof Error ? `${err.name}: ${err.message}` : String(err))

/**
 * An upgrade from a client address of its own (X-Forwarded-For, the app trusts it here): refused
 * upgrades are limited per address, and the matrix makes many on purpose.
 */
function connect(url: string, cookie: string | null, origin: string = TEST_ORIGIN): Promise<Connect> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { origin, 'x-forwarded-for': someAddress() }
    if (cookie) headers['cookie'] = cookie
    const ws = new WebSocket(url, { headers })
    const socket = new TestSocket(ws)
    ws.once('open', () => resolve({ ok: true, socket }))
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ ok: false, status: res.statusCode ?? 0, body }))
    })
    ws.once('error', reject)
  })
}

const roomUrl = (id: string) => `${c.wsBase}/api/consult/${id}/socket`

/** A guest request as the guest's browser makes it; returns the guest cookie when one is set. */
async function asGuest(url: string, cookie: string | null, body?: unknown) {
  const res = await c.t.app.inject({
    method: 'POST',
    url,
    remoteAddress: someAddress(),
    headers: { ...c.t.browserHeaders, ...(cookie ? { cookie } : {}) },
    ...(body === undefined ? {} : { payload: body as object }),
  })
  const set = [res.headers['set-cookie'] ?? []].flat().find((v) => v.startsWith(`${GUEST_COOKIE}=`))
  return { status: res.statusCode, body: res.body, cookie: set ? set.split(';')[0]! : null }
}

async function lastMailText(to: string): Promise<string> {
  await c.t.deliverMail()
  const mail = c.t.outbox
    .list()
    .filter((m) => m.to === to)
    .at(-1)
  assert.ok(mail, `a mail to ${to}`)
  return mail.text
}

/** Invites a guest, opens the link and enters the code: the guest's id and cookie (checked in). */
async function guestIn(email: string, name: string): Promise<{ id: string; cookie: string }> {
  const invited = await c.call('clinician', 'POST', `/api/consult/${c.appointment}/guests`, {
    name,
    email,
    kind: 'carer',
  })
  assert.equal(invited.status, 201, invited.body)
  const token = /\/consult\/guest#t=([A-Za-z0-9_-]{43})/.exec(await lastMailText(email))?.[1] ?? ''
  assert.equal((await asGuest('/api/guest/link', null, { token })).status, 200)
  const code = /code is: (\d{6})/.exec(await lastMailText(email))?.[1] ?? ''
  const entered = await asGuest('/api/guest/code', null, { token, code })
  assert.equal(entered.status, 200, entered.body)
  assert.equal((await asGuest('/api/guest/check-in', entered.cookie)).status, 200)
  return { id: String(invited.json['id']), cookie: entered.cookie! }
}

async function join(who: 'patient' | 'clinician') {
  const s = await open(roomUrl(c.appointment), c.cookie[who])
  s.send({ type: 'hello', deviceId: dev[who].id, suite: 5 })
  const welcome = await s.next((m) => m.type === 'welcome')
  return { s, id: String(welcome['participantId']), callId: String(welcome['callId']) }
}

before(async () => {
  process.on('uncaughtException', onCrash)
  process.on('unhandledRejection', onCrash)
  c = await consultTest({ config: { trustProxy: true } })
  for (const who of ['patient', 'clinician', 'otherPatient', 'outsider'] as const)
    dev[who] = await registerDevice(c, who)
  await c.at('2026-03-02T09:50:00Z')
  assert.equal((await c.call('patient', 'POST', `/api/consult/${c.appointment}/check-in`)).status, 200)
  assert.equal((await c.call('clinician', 'POST', `/api/consult/${c.appointment}/admit`)).status, 200)
  host = await join('clinician')
  patient = await join('patient')
  // Guests: one admitted (in the room), one who signed out, one the clinician revoked.
  const admitted = await guestIn('gia@carers.example', 'Gia Carer')
  assert.equal(
    (await c.call('clinician', 'POST', `/api/consult/${c.appointment}/guests/${admitted.id}/admit`)).status,
    200,
  )
  guest.admitted = admitted.cookie
  const left = await guestIn('lou@carers.example', 'Lou Carer')
  assert.equal((await asGuest('/api/guest/sign-out', left.cookie)).status < 300, true)
  guest.signedOut = left.cookie
  // MAX_GUESTS is 2: revoke Lou's invitation to make room for a third, then revoke that one too.
  assert.equal(
    (await c.call('clinician', 'DELETE', `/api/consult/${c.appointment}/guests/${left.id}`)).status,
    200,
  )
  const revoked = await guestIn('rex@carers.example', 'Rex Carer')
  assert.equal(
    (await c.call('clinician', 'DELETE', `/api/consult/${c.appointment}/guests/${revoked.id}`)).status,
    200,
  )
  guest.revoked = revoked.cookie
  const p = c.people
  canaries = [
    p.patient.displayName,
    p.patient.email,
    p.patient.id,
    p.clinician.displayName,
    p.clinician.id,
    host.id,
    patient.id,
    host.callId,
    dev.patient.id,
    dev.clinician.id,
    Buffer.from(dev.patient.raw).toString('base64'),
    Buffer.from(dev.clinician.raw).toString('base64'),
    'Gia Carer',
  ]
})
after(async () => {
  process.off('uncaughtException', onCrash)
  process.off('unhandledRejection', onCrash)
  await c?.close()
})

/** A valid message of each type (what a participant would send), for the refused callers to try. */
function sample(type: MessageType): Record<string, unknown> {
  switch (type) {
    case 'hello':
      return { type, deviceId: dev.patient.id, suite: 5 }
    case 'roster':
      return {
        type,
        roster: signRoster(dev.clinician.privateKey, host.callId, 9, [
          { slot: 0, accountId: c.people.clinician.id, key: dev.clinician.raw },
        ]),
      }
    case 'relay':
      return { type, to: host.id, kind: 'chat', payload: 'QUJD' }
    case 'verified':
      return { type, result: 'match' }
    case 'leave':
      return { type }
  }
}

function assertNoLeak(text: string, label: string): void {
  for (const canary of canaries) assert.ok(!text.includes(canary), `${label}: leaked ${canary}`)
}

/** The people who must not send anything into this room, by how they reach the upgrade. */
const OUTSIDERS: Array<{ who: string; cookie: () => string | null; status: number }> = [
  { who: 'nobody', cookie: () => null, status: 401 },
  { who: 'another patient', cookie: () => c.cookie.otherPatient, status: 404 },
  { who: 'a clinician not on the appointment', cookie: () => c.cookie.outsider, status: 404 },
  { who: 'reception', cookie: () => c.cookie.reception, status: 404 },
  { who: 'admin', cookie: () => c.cookie.admin, status: 404 },
  { who: 'a guest who signed out', cookie: () => guest.signedOut, status: 401 },
  { who: 'a revoked guest', cookie: () => guest.revoked, status: 401 },
]

test('outsiders x message type x {this room, a random room}: refused at the upgrade, foreign = missing, nothing leaks', async () => {
  let cells = 0
  for (const outsider of OUTSIDERS) {
    for (const type of MESSAGE_TYPES) {
      const bodies: Record<string, string> = {}
      for (const [target, room] of [
        ['this room', c.appointment],
        ['a random room', randomUUID()],
      ] as const) {
        cells++
        const label = `${outsider.who} ${type} into ${target}`
        const res = await connect(roomUrl(room), outsider.cookie())
        if (res.ok) {
          // Should never happen; if it does, the message must still be refused without a leak.
          res.socket.send(sample(type))
          await new Promise((r) => setTimeout(r, 100))
          res.socket.close()
          assert.fail(
            `${label}: the upgrade was accepted (${JSON.stringify(res.socket.messages).slice(0, 200)})`,
          )
        }
        assert.ok(res.status >= 400 && res.status < 500, `${label}: ${res.status}`)
        assertNoLeak(res.body, label)
        bodies[target] = res.body.replace(/"requestId":"[^"]+"/, '')
        if (target === 'this room') assert.equal(res.status, outsider.status, `${label}: ${res.body}`)
      }
      if (outsider.status === 404)
        assert.equal(
          bodies['this room'],
          bodies['a random room'],
          `${outsider.who}: foreign room differs from a missing one (S2)`,
        )
    }
  }
  // From another site, even the room's own clinician is refused.
  const crossSite = await connect(roomUrl(c.appointment), c.cookie.clinician, 'https://evil.example')
  assert.ok(!crossSite.ok && crossSite.status === 403)
  assertNoLeak(crossSite.ok ? '' : crossSite.body, 'cross-site upgrade')
  console.log(
    `socket matrix: ${OUTSIDERS.length} outsiders x ${MESSAGE_TYPES.length} message types x 2 rooms = ${cells} upgrade cells`,
  )
})

/** Sends `message` and waits for the next error frame; the reply must name the refusal, leak nothing. */
async function refused(s: TestSocket, message: unknown, code: SignalErrorCode, label: string) {
  s.send(message)
  const reply = await s.next((m) => m.type === 'error')
  assert.equal(reply['code'], code, `${label}: ${JSON.stringify(reply)}`)
  assertNoLeak(JSON.stringify(reply), label)
}

test('in the room: what each participant must not send is refused with an error frame that leaks nothing', async () => {
  // Before hello: nothing but hello and leave.
  const fresh = await open(roomUrl(c.appointment), c.cookie.patient)
  for (const type of ['roster', 'relay', 'verified'] as const)
    await refused(fresh, sample(type), 'hello-first', `patient ${type} before hello`)
  // Someone else's device (the clinician's), and a device that does not exist.
  await refused(
    fresh,
    { type: 'hello', deviceId: dev.clinician.id, suite: 5 },
    'unknown-device',
    "the clinician's device",
  )
  await refused(
    fresh,
    { type: 'hello', deviceId: dev.otherPatient.id, suite: 5 },
    'unknown-device',
    "another patient's device",
  )
  await refused(
    fresh,
    { type: 'hello', deviceId: randomUUID(), suite: 5 },
    'unknown-device',
    'a missing device',
  )
  fresh.close()
  // The patient, joined: no roster, no second hello, no relay to someone outside the call.
  await refused(patient.s, sample('roster'), 'not-host', 'patient roster')
  await refused(
    patient.s,
    { type: 'hello', deviceId: dev.patient.id, suite: 5 },
    'already-joined',
    'second hello',
  )
  await refused(
    patient.s,
    { ...sample('relay'), to: randomUUID() },
    'unknown-participant',
    'relay outside the call',
  )
  // An admitted guest cannot sign the roster either.
  const g = await open(roomUrl(c.appointment), guest.admitted)
  await refused(g, sample('roster'), 'hello-first', 'guest roster before hello')
  g.send({ type: 'leave' })
  assert.equal((await g.waitClosed()).code, 1000)
  // After leave the socket is gone: a later frame reaches nobody.
  assert.notEqual(g.ws.readyState, 1)
  // The host's roster for another call id is refused.
  await refused(
    host.s,
    {
      type: 'roster',
      roster: signRoster(dev.clinician.privateKey, randomUUID(), 5, [
        { slot: 0, accountId: c.people.clinician.id, key: dev.clinician.raw },
      ]),
    },
    'bad-roster',
    'roster for another call',
  )
})

// ---------- Fuzzing the messages from their schemas ----------

const SCHEMAS: Record<MessageType, JsonSchema> = {
  hello: SignalHello as unknown as JsonSchema,
  roster: SignalRoster as unknown as JsonSchema,
  relay: SignalRelay as unknown as JsonSchema,
  verified: SignalVerified as unknown as JsonSchema,
  leave: SignalLeave as unknown as JsonSchema,
}

type Frame = { text: string } | { binary: Buffer }

function frameArbitrary(asHost: boolean): fc.Arbitrary<Frame> {
  const fromSchema = fc
    .tuple(
      fc.oneof(...MESSAGE_TYPES.filter((t) => t !== 'leave').map((t) => fuzzValue(SCHEMAS[t], 2))),
      fc.nat(9),
    )
    .map(([value, pick]): Frame => {
      // Often aim at the real participants and devices, so the handlers run past the lookups.
      if (typeof value === 'object' && value !== null && pick < 5) {
        const v = value as Record<string, unknown>
        if (v['type'] === 'relay') v['to'] = pick < 3 ? host.id : patient.id
        if (v['type'] === 'hello') v['deviceId'] = pick < 3 ? dev.patient.id : dev.clinician.id
      }
      return { text: JSON.stringify(value) ?? 'null' }
    })
  const raw = fc
    .oneof(
      fc.constantFrom(
        ...HOSTILE_STRINGS,
        '{',
        '[]',
        'null',
        '{"type":null}',
        '{"type":"__proto__"}',
        '{"type":"hello","__proto__":{"x":1}}',
      ),
      fc.string({ maxLength: 60 }),
    )
    .map((text): Frame => ({ text }))
  const binary = fc.uint8Array({ maxLength: 64 }).map((b): Frame => ({ binary: Buffer.from(b) }))
  // A real roster with one byte changed: exercises the roster reader on near-valid input.
  const flipped = fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, mask]): Frame => {
    const bytes = Buffer.from(String(sample('roster')['roster']), 'base64')
    const i = at % bytes.length
    bytes[i] = bytes[i]! ^ mask
    return { text: JSON.stringify({ type: 'roster', roster: bytes.toString('base64') }) }
  })
  return fc.oneof(
    { weight: 6, arbitrary: fromSchema },
    { weight: 2, arbitrary: raw },
    { weight: 1, arbitrary: binary },
    { weight: asHost ? 2 : 0, arbitrary: flipped },
  )
}

const CLEAN_CLOSES = new Set([1000, 1009])

async function fuzzAs(
  who: 'patient' | 'clinician',
  runs: number,
): Promise<{ frames: number; reconnects: number; errors: number }> {
  let socket = who === 'patient' ? patient : host
  let frames = 0
  let reconnects = 0
  let errors = 0
  let lastFailure = ''
  const fail = (message: string) => assert.fail((lastFailure = message))
  try {
    await fc.assert(
      fc.asyncProperty(frameArbitrary(who === 'clinician'), async (frame) => {
        frames++
        if ('binary' in frame) socket.s.ws.send(frame.binary)
        else socket.s.send(frame.text)
        // Paced under the socket's 50 messages a second, so the rate limit is not what answers.
        await new Promise((r) => setTimeout(r, 30))
        if (socket.s.messages.some((m) => m.type === 'error' && m['code'] === 'internal'))
          fail(`an internal error for ${JSON.stringify(frame).slice(0, 300)}`)
        errors += socket.s.messages.filter((m) => m.type === 'error').length
        socket.s.messages.length = 0
        if (socket.s.closed) {
          if (!CLEAN_CLOSES.has(socket.s.closed.code))
            fail(
              `closed ${socket.s.closed.code} ${socket.s.closed.reason} after ${JSON.stringify(frame).slice(0, 300)}`,
            )
          reconnects++
          socket = await join(who)
        }
      }),
      { numRuns: runs, seed: SEED + (who === 'patient' ? 0 : 1), endOnFailure: true },
    )
  } catch (err) {
    const where = /\{ seed: -?\d+, path: "[^"]*"/.exec((err as Error).message)?.[0] ?? ''
    throw new Error(`${who} (FUZZ_SEED=${SEED} ${where} }): ${lastFailure || (err as Error).message}`, {
      cause: err,
    })
  }
  if (who === 'patient') patient = socket
  else host = socket
  return { frames, reconnects, errors }
}

test('fuzzed signalling frames: error frames or a clean close, never an internal error or a crash (S40)', async () => {
  const p = await fuzzAs('patient', FRAMES)
  const h = await fuzzAs('clinician', FRAMES)
  await new Promise((r) => setTimeout(r, 200))
  for (const s of [patient.s, host.s])
    assert.equal(
      s.messages.find((m) => m.type === 'error' && m['code'] === 'internal'),
      undefined,
    )
  assert.ok(!c.t.logs.text().includes('signalling message failed'), 'a message handler threw')
  assert.deepEqual(crashes, [])
  const health = await c.t.app.inject({ method: 'GET', url: '/healthz', remoteAddress: someAddress() })
  assert.equal(health.statusCode, 200)
  // Still a working call afterwards: a relay from the patient reaches the host.
  patient.s.send({ type: 'relay', to: host.id, kind: 'chat', payload: 'QUJD' })
  assert.equal((await host.s.next((m) => m.type === 'relay' && m['payload'] === 'QUJD'))['from'], patient.id)
  console.log(
    `socket fuzz: seed ${SEED}, ${p.frames + h.frames} frames (patient ${p.frames}, host ${h.frames}), ${p.errors + h.errors} error frames, ${p.reconnects + h.reconnects} clean closes`,
  )
})
