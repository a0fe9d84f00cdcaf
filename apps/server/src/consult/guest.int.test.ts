// Guests (interpreter, carer) over HTTP and the room socket: the clinician invites (bad input is a
// 400 naming the field; only the appointment's clinician; at most MAX_GUESTS), the emailed one-time
// link (its token never logged) gives an emailed code with limited wrong tries, the right code gives
// a guest session for that one room and nothing else; the link works once; the guest checks in,
// waits, is admitted, joins the call; the server accepts a host roster naming a guest only once the
// clinician admitted it; revoking ends the session and closes its socket; every step is audited.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { SignalClose } from '@tessera/contracts'
import { someAddress } from '../testing/accounts.ts'
import {
  connect,
  consultTest,
  newKeyPair,
  open,
  registerDevice,
  signRoster,
  type ConsultTest,
} from './consult-test-kit.ts'
import { GUEST_CODE_ATTEMPTS, GUEST_COOKIE, MAX_GUESTS } from './guest-service.ts'

let c: ConsultTest
before(async () => {
  c = await consultTest()
})
after(() => c?.close())

const guestsUrl = () => `/api/consult/${c.appointment}/guests`
const pathsOf = (r: { json: Record<string, unknown> }) =>
  ((r.json['error'] as { details?: Array<{ path: string }> } | undefined)?.details ?? []).map((d) => d.path)
/** A 400/409 whose details name `field` (a schema error says `body/field`, a service `/field`). */
const names = (r: { status: number; json: Record<string, unknown> }, field: string) =>
  pathsOf(r).some((p) => p === field || p.endsWith(`/${field}`))

/** A request as the guest's browser makes it (no account session; maybe the guest cookie). */
async function asGuest(method: 'GET' | 'POST', url: string, cookie: string | null, body?: unknown) {
  const res = await c.t.app.inject({
    method,
    url,
    remoteAddress: someAddress(),
    headers: { ...c.t.browserHeaders, ...(cookie ? { cookie } : {}) },
    ...(body === undefined ? {} : { payload: body as object }),
  })
  const setCookie = [res.headers['set-cookie'] ?? []].flat().find((v) => v.startsWith(`${GUEST_COOKIE}=`))
  return {
    status: res.statusCode,
    json: (res.body ? JSON.parse(res.body) : {}) as Record<string, unknown>,
    body: res.body,
    cookie: setCookie ? setCookie.split(';')[0]! : null,
    setCookie: setCookie ?? null,
  }
}

/** The newest delivered mail to `to` (after running the mail job). */
async function lastMailTo(to: string) {
  await c.t.deliverMail()
  const mail = c.t.outbox
    .list()
    .filter((m) => m.to === to)
    .at(-1)
  assert.ok(mail, `a mail to ${to}`)
  return mail
}
const tokenIn = (text: string) => /\/consult\/guest#t=([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? ''
const codeIn = (text: string) => /code is: (\d{6})/.exec(text)?.[1] ?? ''

async function invite(email: string, name = 'Ana Interpreter') {
  const res = await c.call('clinician', 'POST', guestsUrl(), { name, email, kind: 'interpreter' })
  assert.equal(res.status, 201, res.body)
  const token = tokenIn((await lastMailTo(email)).text)
  assert.ok(token, 'the invitation carries the link token after #')
  return { id: String(res.json['id']), token }
}

/** Opens the link and enters the emailed code: the guest's cookie. */
async function enter(email: string, token: string): Promise<string> {
  assert.equal((await asGuest('POST', '/api/guest/link', null, { token })).status, 200)
  const code = codeIn((await lastMailTo(email)).text)
  const res = await asGuest('POST', '/api/guest/code', null, { token, code })
  assert.equal(res.status, 200, res.body)
  assert.ok(res.cookie)
  return res.cookie
}

test('inviting: bad input is a 400 naming the field; only the appointment’s clinician; a limit', async () => {
  const bad = async (body: unknown, path: string) => {
    const res = await c.call('clinician', 'POST', guestsUrl(), body)
    assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.body}`)
    assert.ok(res.body.includes(path), `${res.body} names ${path}`)
  }
  await bad({ email: 'a@example.org', kind: 'carer' }, 'name')
  await bad({ name: 'A', email: 'not an address', kind: 'carer' }, 'email')
  await bad({ name: 'A', email: 'a@example.org', kind: 'friend' }, 'kind')
  await bad({ name: '   ', email: 'a@example.org', kind: 'carer' }, '/name')
  await bad({ name: 'A', email: 'a@example.org', kind: 'carer', role: 'host' }, 'role')
  assert.equal(
    (await c.call('patient', 'POST', guestsUrl(), { name: 'A', email: 'a@example.org', kind: 'carer' }))
      .status,
    403,
  )
  const outsider = await c.call('outsider', 'POST', guestsUrl(), {
    name: 'A',
    email: 'a@example.org',
    kind: 'carer',
  })
  assert.equal(outsider.status, 404)
  assert.equal((await c.call('outsider', 'GET', guestsUrl())).status, 404)
  const none = await c.call('clinician', 'GET', guestsUrl())
  assert.deepEqual(none.json['guests'], [], 'nothing was written by the refused invitations')
})

let ana: { id: string; token: string; cookie: string }

test('the link emails a code; wrong codes are limited; the right one gives a guest session; the link works once', async () => {
  const inv = await invite('ana@interpreters.example')
  const mail = await lastMailTo('ana@interpreters.example')
  assert.doesNotMatch(mail.text, /tester/, 'the email names nobody')
  const logs = c.t.logs.text()
  assert.ok(!logs.includes(inv.token), 'the link token is never logged')

  assert.ok(names(await asGuest('POST', '/api/guest/link', null, { token: 'short' }), 'token'))
  const unknown = await asGuest('POST', '/api/guest/link', null, { token: 'A'.repeat(43) })
  assert.equal(unknown.status, 404)

  const opened = await asGuest('POST', '/api/guest/link', null, { token: inv.token })
  assert.equal(opened.status, 200, opened.body)
  assert.equal(opened.json['sentTo'], 'a•••@interpreters.example')
  const code = codeIn((await lastMailTo('ana@interpreters.example')).text)
  assert.match(code, /^\d{6}$/)
  const wrong = code === '000000' ? '000001' : '000000'
  for (let i = 1; i < GUEST_CODE_ATTEMPTS; i++) {
    const res = await asGuest('POST', '/api/guest/code', null, { token: inv.token, code: wrong })
    assert.equal(res.status, 400)
    assert.ok(names(res, 'code'))
  }
  const last = await asGuest('POST', '/api/guest/code', null, { token: inv.token, code: wrong })
  assert.equal(last.status, 429, 'the last wrong try voids the code')
  const voided = await asGuest('POST', '/api/guest/code', null, { token: inv.token, code })
  assert.notEqual(voided.status, 200, 'the voided code no longer works')
  assert.ok(names(await asGuest('POST', '/api/guest/code', null, { token: inv.token, code: '12' }), 'code'))

  const cookie = await enter('ana@interpreters.example', inv.token)
  const set = await asGuest('POST', '/api/guest/link', null, { token: inv.token })
  assert.equal(set.status, 409, 'a used link is refused')
  assert.ok(names(set, 'token'))
  assert.match(set.body, /already used/)
  ana = { ...inv, cookie }

  const room = await asGuest('GET', '/api/guest/room', cookie)
  assert.equal(room.status, 200)
  assert.equal(room.json['appointmentId'], c.appointment)
  assert.equal(room.json['state'], 'not-checked-in')
  assert.equal(room.json['clinicianName'], 'clinician tester')
  // The guest session opens nothing else.
  assert.equal((await asGuest('GET', '/api/session', cookie)).status, 401)
  assert.equal((await asGuest('GET', `/api/consult/${c.appointment}`, cookie)).status, 401)
  assert.equal((await asGuest('GET', `/api/patients/${c.people.patient.id}`, cookie)).status, 401)
  assert.equal((await asGuest('GET', '/api/guest/room', null)).status, 401)
})

test('waiting, admission, the call: the server takes a roster naming a guest only once admitted', async () => {
  // before the window opens (10:00 - 15 min): too early
  const early = await asGuest('POST', '/api/guest/check-in', ana.cookie)
  assert.equal(early.status, 409)
  assert.ok(names(early, 'joinFrom'))
  await c.at('2026-03-02T09:50:00Z')
  const url = `${c.wsBase}/api/consult/${c.appointment}/socket`
  const refusedEarly = await connect(url, ana.cookie)
  assert.ok(!refusedEarly.ok && refusedEarly.status === 403, 'not before admission')
  assert.equal((await c.call('clinician', 'POST', `${guestsUrl()}/${ana.id}/admit`)).status, 409)

  const waiting = await asGuest('POST', '/api/guest/check-in', ana.cookie)
  assert.equal(waiting.json['state'], 'waiting')
  const list = await c.call('clinician', 'GET', guestsUrl())
  assert.deepEqual(
    (list.json['guests'] as Array<Record<string, unknown>>).map((g) => [g['name'], g['kind'], g['state']]),
    [['Ana Interpreter', 'interpreter', 'waiting']],
  )
  const admitted = await c.call('clinician', 'POST', `${guestsUrl()}/${ana.id}/admit`)
  assert.equal(admitted.json['state'], 'admitted')
  assert.equal((await asGuest('GET', '/api/guest/room', ana.cookie)).json['state'], 'admitted')

  // devices: the guest registers a key (bad input names the field)
  const badKey = await asGuest('POST', '/api/guest/devices', ana.cookie, { publicKey: 'x', label: 'y' })
  assert.equal(badKey.status, 400)
  assert.match(badKey.body, /publicKey/)
  const guestPair = newKeyPair()
  const registered = await asGuest('POST', '/api/guest/devices', ana.cookie, {
    publicKey: Buffer.from(guestPair.raw).toString('base64'),
    label: 'Guest laptop',
  })
  assert.equal(registered.status, 201, registered.body)
  const guestDevice = String(registered.json['id'])

  // a second guest, invited and signed in but not admitted
  const ben = await invite('ben@carers.example', 'Ben Carer')
  const benCookie = await enter('ben@carers.example', ben.token)
  const benPair = newKeyPair()
  assert.equal(
    (
      await asGuest('POST', '/api/guest/devices', benCookie, {
        publicKey: Buffer.from(benPair.raw).toString('base64'),
        label: 'Phone',
      })
    ).status,
    201,
  )
  const third = await c.call('clinician', 'POST', guestsUrl(), {
    name: 'C',
    email: 'c@example.org',
    kind: 'carer',
  })
  assert.equal(third.status, 409, `at most ${MAX_GUESTS} guests`)

  const hostDevice = await registerDevice(c, 'clinician')
  const host = await open(url, c.cookie.clinician)
  host.send({ type: 'hello', deviceId: hostDevice.id, suite: 5 })
  const welcome = await host.next((m) => m.type === 'welcome')
  const callId = String(welcome['callId'])
  const guest = await open(url, ana.cookie)
  guest.send({ type: 'hello', deviceId: guestDevice, suite: 5 })
  const guestWelcome = await guest.next((m) => m.type === 'welcome')
  assert.equal(guestWelcome['callId'], callId)
  const presence = await host.next(
    (m) => m.type === 'presence' && (m['participants'] as unknown[]).length === 2,
  )
  const guestEntry = (presence['participants'] as Array<Record<string, unknown>>).find(
    (p) => p['role'] === 'guest',
  )
  assert.equal(guestEntry?.['accountId'], ana.id)
  assert.equal(guestEntry?.['displayName'], 'Ana Interpreter (interpreter)')

  const roster = (version: number, extra: Array<{ slot: number; accountId: string; key: Uint8Array }>) =>
    signRoster(hostDevice.privateKey, callId, version, [
      { slot: 0, accountId: c.people.clinician.id, key: hostDevice.raw },
      ...extra,
    ])
  host.send({ type: 'roster', roster: roster(1, [{ slot: 1, accountId: ana.id, key: guestPair.raw }]) })
  assert.equal((await guest.next((m) => m.type === 'roster'))['version'], 1, 'an admitted guest is accepted')
  host.send({ type: 'roster', roster: roster(2, [{ slot: 2, accountId: ben.id, key: benPair.raw }]) })
  const refused = await host.next((m) => m.type === 'error')
  assert.equal(refused['code'], 'bad-roster', 'a guest the clinician did not admit cannot be on the roster')
  const benSocket = await connect(url, benCookie)
  assert.ok(!benSocket.ok && benSocket.status === 403, 'nor connect')

  // the guest session cannot open another room
  const other = await connect(`${c.wsBase}/api/consult/${c.otherAppointment}/socket`, ana.cookie)
  assert.ok(!other.ok && other.status === 401)

  // revoke: the socket closes at once, the session ends, the roster can no longer name her
  const revoked = await c.call('clinician', 'DELETE', `${guestsUrl()}/${ana.id}`)
  assert.equal(revoked.json['state'], 'revoked')
  assert.equal((await guest.waitClosed()).code, SignalClose.sessionEnded)
  assert.equal((await asGuest('GET', '/api/guest/room', ana.cookie)).status, 401)
  const again = await connect(url, ana.cookie)
  assert.ok(!again.ok && again.status === 401)
  host.send({ type: 'roster', roster: roster(3, [{ slot: 1, accountId: ana.id, key: guestPair.raw }]) })
  assert.equal((await host.next((m) => m.type === 'error'))['code'], 'bad-roster')
  host.close()

  const record = await c.call('clinician', 'GET', `/api/consult/${c.appointment}/record`)
  const participants = (record.json['calls'] as Array<{ participants: Array<Record<string, unknown>> }>)[0]!
    .participants
  assert.ok(participants.some((p) => p['role'] === 'guest' && p['accountId'] === ana.id && p['leftAt']))
})

test('every step is audited, the guest as the actor with role guest', async () => {
  const rows = await c.t.ctx.db
    .selectFrom('audit_event')
    .select(['action', 'actor_id', 'actor_role', 'outcome', 'patient_id'])
    .where('action', 'like', 'consult.%')
    .execute()
  const has = (action: string, actor: string, role: string) =>
    rows.some(
      (r) => r.action === action && r.actor_id === actor && r.actor_role === role && r.outcome === 'success',
    )
  const clinician = c.people.clinician.id
  assert.ok(has('consult.guest-invite', clinician, 'clinician'))
  assert.ok(has('consult.guest-admit', clinician, 'clinician'))
  assert.ok(has('consult.guest-revoke', clinician, 'clinician'))
  assert.ok(has('consult.guest-link', ana.id, 'guest'))
  assert.ok(has('consult.guest-join', ana.id, 'guest'))
  assert.ok(has('consult.guest-check-in', ana.id, 'guest'))
  assert.ok(has('consult.join', ana.id, 'guest'))
  assert.ok(has('consult.leave', ana.id, 'guest'))
  assert.ok(
    rows
      .filter((r) => r.action.startsWith('consult.guest-') && r.outcome === 'success')
      .every((r) => r.patient_id === c.people.patient.id),
    'each names the patient whose consultation it is',
  )
  assert.ok(
    rows.some((r) => r.action === 'consult.guest-join' && r.outcome === 'denied'),
    'wrong codes too',
  )
})

test('the guest session ends when the consultation window closes', async () => {
  const ben = (await c.call('clinician', 'GET', guestsUrl())).json['guests'] as Array<Record<string, unknown>>
  assert.ok(ben.some((g) => g['state'] === 'ready'))
  await c.at('2026-03-02T11:31:00Z')
  const list = (await c.call('clinician', 'GET', guestsUrl())).json['guests'] as Array<
    Record<string, unknown>
  >
  assert.ok(list.every((g) => g['state'] === 'expired' || g['state'] === 'revoked'))
  const late = await c.call('clinician', 'POST', guestsUrl(), {
    name: 'Late',
    email: 'l@example.org',
    kind: 'carer',
  })
  assert.equal(late.status, 409)
})
