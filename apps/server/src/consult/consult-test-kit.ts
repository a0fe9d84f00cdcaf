// Shared by the consultation tests: a clinic with a bookable clinician, an outsider clinician, two
// patients who accepted the privacy notice and telehealth consent, one appointment booked for
// Monday 2 March 2026 10:00-10:30 UTC (and one for the other patient at 11:00), the app listening on
// a free port, and helpers for device keys, signed rosters and WebSocket clients.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { WebSocket } from 'ws'
import type { ConsultDevice } from '@tessera/contracts'
import { createAccount, mintSession, signIn, someAddress, type TestAccount } from '../testing/accounts.ts'
import { createTestApp, TEST_ORIGIN, type TestApp, type TestAppOptions } from '../testing/test-app.ts'
import { addType, addWeekdaySchedule, OPEN_POLICY } from '../scheduling/booking/booking-test-kit.ts'

export const PEOPLE = ['patient', 'otherPatient', 'clinician', 'outsider', 'admin', 'reception'] as const
export type Person = (typeof PEOPLE)[number]

export interface Reply {
  status: number
  json: Record<string, unknown>
  body: string
}

export interface ConsultTest {
  t: TestApp
  people: Record<Person, TestAccount>
  cookie: Record<Person, string>
  /** The patient's appointment (10:00) and the other patient's (11:00), both with `clinician`. */
  appointment: string
  otherAppointment: string
  /** ws://127.0.0.1:<port> */
  wsBase: string
  /** Moves the fake clock and gives everyone a fresh session (idle limits would end the old ones). */
  at(iso: string): Promise<void>
  call(who: Person | null, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown): Promise<Reply>
  close(): Promise<void>
}

async function json(
  t: TestApp,
  cookie: string | null,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  body?: unknown,
) {
  const res = await t.app.inject({
    method,
    url,
    remoteAddress: someAddress(),
    headers: { ...t.browserHeaders, ...(cookie ? { cookie } : {}) },
    ...(body === undefined ? {} : { payload: body as object }),
  })
  const parsed =
    res.body && String(res.headers['content-type']).includes('json')
      ? (JSON.parse(res.body) as Record<string, unknown>)
      : {}
  return { status: res.statusCode, json: parsed, body: res.body }
}

/** Publishes the privacy notice and telehealth consent (as the admin) and has `patients` accept both. */
export async function giveConsents(t: TestApp, admin: TestAccount, patients: Array<[TestAccount, string]>) {
  const adminCookie = await signIn(t, admin)
  for (const kind of ['privacy-notice', 'telehealth'] as const) {
    const draft = await json(t, adminCookie, 'POST', '/api/admin/consent-texts', {
      kind,
      title: `About ${kind}`,
      body: 'We will see you by video.',
    })
    if (draft.status !== 201) throw new Error(`draft: ${draft.body}`)
    const published = await json(
      t,
      adminCookie,
      'POST',
      `/api/admin/consent-texts/${String(draft.json['id'])}/publish`,
    )
    if (published.status !== 200) throw new Error(`publish: ${published.body}`)
    for (const [, cookie] of patients) {
      const res = await json(t, cookie, 'POST', '/api/consents', {
        textId: draft.json['id'],
        answer: 'accept',
      })
      if (res.status !== 200) throw new Error(`consent: ${res.body}`)
    }
  }
}

export async function consultTest(options: TestAppOptions & { listen?: boolean } = {}): Promise<ConsultTest> {
  const t = await createTestApp(options)
  t.clock.set('2026-03-02T09:30:00Z')
  const people = {} as Record<Person, TestAccount>
  for (const p of PEOPLE) {
    const role = p === 'patient' || p === 'otherPatient' ? 'patient' : p === 'outsider' ? 'clinician' : p
    people[p] = await createAccount(t, { role, displayName: `${p} tester` })
  }
  await addWeekdaySchedule(t, people.clinician.id)
  const type = await addType(t, 'Video consultation', 30)
  await t.ctx.booking.policy.update(OPEN_POLICY)
  const cookie = {} as Record<Person, string>
  for (const p of PEOPLE) cookie[p] = await signIn(t, people[p])
  await giveConsents(t, people.admin, [
    [people.patient, cookie.patient],
    [people.otherPatient, cookie.otherPatient],
  ])
  const book = async (who: Person, start: string) => {
    const res = await json(t, cookie[who], 'POST', '/api/appointments', {
      typeId: type,
      clinicianId: people.clinician.id,
      start,
    })
    if (res.status !== 201) throw new Error(`booking: ${res.body}`)
    return String(res.json['id'])
  }
  const appointment = await book('patient', '2026-03-02T10:00:00.000Z')
  const otherAppointment = await book('otherPatient', '2026-03-02T11:00:00.000Z')
  let wsBase = ''
  if (options.listen !== false) {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' })
    wsBase = address.replace(/^http/, 'ws')
  }
  return {
    t,
    people,
    cookie,
    appointment,
    otherAppointment,
    wsBase,
    at: async (iso) => {
      t.clock.set(iso)
      for (const p of PEOPLE) cookie[p] = await mintSession(t, people[p])
    },
    call: (who, method, url, body) => json(t, who === null ? null : cookie[who], method, url, body),
    close: () => t.close(),
  }
}

// ---------- Device keys and rosters (the @tessera/e2ee wire format, see roster-check.ts) ----------

export interface TestDevice {
  id: string
  raw: Uint8Array
  privateKey: KeyObject
}

export function newKeyPair(): { raw: Uint8Array; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12))
  return { raw, privateKey }
}

export async function registerDevice(c: ConsultTest, who: Person, label = 'Laptop'): Promise<TestDevice> {
  const pair = newKeyPair()
  const res = await c.call(who, 'POST', '/api/consult/devices', {
    publicKey: Buffer.from(pair.raw).toString('base64'),
    label,
  })
  if (res.status !== 201) throw new Error(`device: ${res.body}`)
  return { id: (res.json as unknown as ConsultDevice).id, ...pair }
}

/** A roster as `Roster.sign` of @tessera/e2ee encodes it, signed with `signer`. */
export function signRoster(
  signer: KeyObject,
  callId: string,
  version: number,
  members: Array<{ slot: number; accountId: string; key: Uint8Array }>,
): string {
  const parts: Buffer[] = [Buffer.from([1, 0x10, Buffer.byteLength(callId)]), Buffer.from(callId)]
  const v = Buffer.alloc(4)
  v.writeUInt32BE(version)
  parts.push(v, Buffer.from([members.length]))
  for (const m of [...members].sort((a, b) => a.slot - b.slot)) {
    parts.push(Buffer.from([m.slot, 1]), Buffer.from(m.key), Buffer.from([Buffer.byteLength(m.accountId)]))
    parts.push(Buffer.from(m.accountId))
  }
  const body = Buffer.concat(parts)
  const sig = sign(null, Buffer.concat([Buffer.from('TH roster v1\0'), body]), signer)
  return Buffer.concat([body, sig]).toString('base64')
}

// ---------- WebSocket clients ----------

export type ServerMessage = Record<string, unknown> & { type: string }

export class TestSocket {
  readonly messages: ServerMessage[] = []
  private waiters: Array<() => void> = []
  closed: { code: number; reason: string } | null = null

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : '{}') as ServerMessage)
      this.wake()
    })
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() }
      this.wake()
    })
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w()
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message))
  }

  /** The next message (in order) matching `pred`, removed from the queue. */
  async next(pred: (m: ServerMessage) => boolean = () => true, timeoutMs = 5000): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const i = this.messages.findIndex(pred)
      if (i >= 0) return this.messages.splice(i, 1)[0]!
      if (this.closed) throw new Error(`socket closed ${this.closed.code} ${this.closed.reason}`)
      const left = deadline - Date.now()
      if (left <= 0)
        throw new Error(`no matching message; have ${JSON.stringify(this.messages.map((m) => m.type))}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  async waitClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('socket did not close')
      await new Promise((r) => setTimeout(r, 10))
    }
    return this.closed
  }

  close(): void {
    this.ws.close()
  }
}

export type Connect = { ok: true; socket: TestSocket } | { ok: false; status: number; body: string }

export function connect(
  url: string,
  cookie: string | null,
  origin: string | null = TEST_ORIGIN,
): Promise<Connect> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {}
    if (cookie) headers['cookie'] = cookie
    if (origin) headers['origin'] = origin
    const ws = new WebSocket(url, { headers })
    const socket = new TestSocket(ws)
    ws.once('open', () => resolve({ ok: true, socket }))
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ ok: false, status: res.statusCode ?? 0, body }))
    })
    ws.once('error', (err) => reject(err))
  })
}

export async function open(url: string, cookie: string): Promise<TestSocket> {
  const res = await connect(url, cookie)
  if (!res.ok) throw new Error(`refused: ${res.status} ${res.body}`)
  return res.socket
}
