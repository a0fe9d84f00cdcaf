// The kill -9 test's workload (issue 13): demo patients book (and cancel), upload documents and
// write messages, Dr Okafor drafts and signs prescriptions, all at once over HTTP against a real
// `tessera start` (live-clinic.ts). Every 2xx answer goes into a ledger; what was sent but never
// answered (the kill cut it) is kept apart, as it may or may not have happened. `verify()` then
// checks, after a restart, what a user would see: everything acknowledged is there and intact, and
// nothing is there that is half-done or was never sent.
import assert from 'node:assert/strict'
import { createHash, randomUUID } from 'node:crypto'
import { pdf } from '../vault/documents/test-files.ts'
import type { DemoPerson, LiveClinic, LiveReply } from './live-clinic.ts'

/** Deterministic pseudo-random numbers (mulberry32), so a failing seed can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')
const DAY = 86_400_000

export const PATIENTS = ['maria.garcia@patient.example', 'tom.nguyen@patient.example'] as const
export const UPLOADERS = [...PATIENTS, 'eileen.walsh@patient.example'] as const
export const PRESCRIBER = 'dr.okafor@clinic.example'
export const ADMIN = 'admin@clinic.example'

interface Booking {
  id: string
  patient: DemoPerson
  cancelled: boolean
}
interface Prescription {
  id: string
  signed: boolean
  signSent: boolean
}

export class FaultWorkload {
  /** Acknowledged (2xx) writes. */
  readonly bookings = new Map<string, Booking>()
  readonly documents: Array<{ id: string; patient: DemoPerson; hash: string }> = []
  readonly messages: Array<{ threadId: string; patient: DemoPerson; token: string }> = []
  readonly prescriptions = new Map<string, Prescription>()
  /** Sent at all (answered or not): what a visible record may be. */
  readonly sentFiles = new Set<string>()
  readonly sentTokens = new Set<string>()
  readonly sentStarts = new Set<string>()
  readonly cancelSent = new Set<string>()
  /** Requests cut by the kill; answers by route and status (`book 201`). */
  cut = 0
  readonly statuses = new Map<string, number>()
  private seededThreads = new Set<string>()
  private typeId = ''
  private clinicianId = ''
  private medicationId = ''
  private pharmacyId = ''
  private n = 0

  constructor(
    private readonly clinic: LiveClinic,
    private readonly random: () => number,
  ) {}

  private who(email: string): DemoPerson {
    return this.clinic.person(email)
  }

  /** Sign-ins, and the clinic set up as an admin would: no intake forms required (so Dr Okafor can prescribe for Maria). */
  async prepare(): Promise<void> {
    const c = this.clinic
    await c.signIn(...[ADMIN, PRESCRIBER, ...UPLOADERS].map((e) => this.who(e)))
    const forms = await c.call(this.who(ADMIN), 'PUT', '/api/intake/required-forms', { urls: [] })
    assert.equal(forms.status, 200, JSON.stringify(forms.json))
    const maria = this.who(PATIENTS[0])
    const types = (await c.call(maria, 'GET', '/api/scheduling/types')).json['types'] as Array<{
      id: string
      name: string
    }>
    this.typeId = types.find((t) => t.name === 'Telephone review')!.id
    this.clinicianId = this.who(PRESCRIBER).id
    const doc = this.who(PRESCRIBER)
    const meds = (await c.call(doc, 'GET', '/api/medications')).json['medications'] as Array<{
      id: string
      name: string
    }>
    this.medicationId = meds.find((m) => m.name === 'Sertraline')!.id
    const pharmacies = (await c.call(doc, 'GET', '/api/pharmacies')).json['pharmacies'] as Array<{
      id: string
    }>
    this.pharmacyId = pharmacies[0]!.id
    for (const t of await this.threads(maria)) this.seededThreads.add(t)
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!
  }

  /** Runs one call; a connection the kill cut counts as unanswered (null). */
  private async send(label: string, fn: () => Promise<LiveReply>): Promise<LiveReply | null> {
    try {
      const reply = await fn()
      this.count(label, reply.status)
      return reply
    } catch {
      this.cut++
      return null
    }
  }

  private count(label: string, status: number): void {
    const key = `${label} ${status}`
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1)
  }

  /** Writes acknowledged so far. */
  acknowledged(): number {
    return (
      this.bookings.size +
      this.documents.length +
      this.messages.length +
      [...this.prescriptions.values()].reduce((n, p) => n + (p.signed ? 2 : 1), 0)
    )
  }

  /**
   * One write of each kind, one after the other: a new process loads what a route needs on its
   * first use (an upload's first takes seconds on a loaded machine), and a kill that always landed
   * before the first upload finished would test no upload.
   */
  async warm(): Promise<void> {
    await this.upload()
    await this.message()
    await this.book()
    await this.prescribe()
  }

  /** One step of one virtual user, chosen at random. */
  async step(): Promise<void> {
    const r = this.random()
    if (r < 0.3) return this.book()
    if (r < 0.4) return this.cancel()
    if (r < 0.6) return this.upload()
    if (r < 0.8) return this.message()
    return this.prescribe()
  }

  private async book(): Promise<void> {
    const patient = this.who(this.pick(PATIENTS))
    const from = new Date(Date.now() + (2 + Math.floor(this.random() * 45)) * DAY).toISOString()
    const q = `typeId=${this.typeId}&clinicianId=${this.clinicianId}&from=${encodeURIComponent(from)}&limit=20`
    const slots = await this.send('slots', () =>
      this.clinic.call(patient, 'GET', `/api/scheduling/slots?${q}`),
    )
    const list = (slots?.json['slots'] ?? []) as Array<{ start: string }>
    if (list.length === 0) return
    const start = this.pick(list).start
    this.sentStarts.add(`${patient.id} ${new Date(start).toISOString()}`)
    const body = { typeId: this.typeId, clinicianId: this.clinicianId, start }
    const res = await this.send('book', () => this.clinic.call(patient, 'POST', '/api/appointments', body))
    if (res?.status === 201) {
      const id = String(res.json['id'])
      this.bookings.set(id, { id, patient, cancelled: false })
    }
  }

  private async cancel(): Promise<void> {
    const open = [...this.bookings.values()].filter((b) => !b.cancelled && !this.cancelSent.has(b.id))
    if (open.length === 0) return this.book()
    const b = this.pick(open)
    this.cancelSent.add(b.id)
    const res = await this.send('cancel', () =>
      this.clinic.call(b.patient, 'POST', `/api/appointments/${b.id}/cancel`, undefined),
    )
    if (res?.status === 200) b.cancelled = true
  }

  private async upload(): Promise<void> {
    const patient = this.who(this.pick(UPLOADERS))
    const data = pdf({ text: `fault ${randomUUID()}`, padding: Math.floor(this.random() * 300_000) })
    const hash = sha(data)
    this.sentFiles.add(hash)
    const filename = `letter-${this.n++}.pdf`
    try {
      const res = await this.clinic.upload(patient, data, filename)
      this.count('upload', res.status)
      if (res.status === 201) this.documents.push({ id: res.id!, patient, hash })
    } catch {
      this.cut++
    }
  }

  private async message(): Promise<void> {
    const patient = this.who(this.pick(UPLOADERS))
    const token = `msg-${randomUUID()}`
    this.sentTokens.add(token)
    const mine = this.messages.filter((m) => m.patient.id === patient.id)
    const reply =
      mine.length > 0 && this.random() < 0.5
        ? await this.send('reply', () =>
            this.clinic.call(patient, 'POST', `/api/messages/threads/${this.pick(mine).threadId}/messages`, {
              body: token,
            }),
          )
        : await this.send('thread', () =>
            this.clinic.call(patient, 'POST', '/api/messages/threads', {
              topic: 'admin',
              subject: `About ${token}`,
              body: token,
            }),
          )
    if (reply?.status === 201) {
      const threadId = String((reply.json['thread'] as { id: string }).id)
      this.messages.push({ threadId, patient, token })
    }
  }

  private async prescribe(): Promise<void> {
    const doc = this.who(PRESCRIBER)
    const drafts = [...this.prescriptions.values()].filter((p) => !p.signSent)
    if (drafts.length > 0 && this.random() < 0.7) {
      const p = this.pick(drafts)
      p.signSent = true
      const res = await this.send('sign', () =>
        this.clinic.call(doc, 'POST', `/api/prescriptions/${p.id}/sign`, {
          acknowledge: ['duplicate-therapy', 'recorded-allergy'],
        }),
      )
      if (res?.status === 200) p.signed = true
      return
    }
    const res = await this.send('draft', () =>
      this.clinic.call(doc, 'POST', '/api/prescriptions', {
        patientId: this.who(PATIENTS[0]).id,
        medicationId: this.medicationId,
        pharmacyId: this.pharmacyId,
        details: {
          dose: { value: 50, unit: 'mg' },
          doseText: 'Take one tablet each morning',
          route: 'oral',
          frequency: { times: 1, period: 1, periodUnit: 'd' },
          quantity: 28,
          daysSupply: 28,
          repeats: 0,
        },
      }),
    )
    if (res?.status === 201) {
      const id = String(res.json['id'])
      this.prescriptions.set(id, { id, signed: false, signSent: false })
    }
  }

  private async threads(patient: DemoPerson): Promise<string[]> {
    const res = await this.clinic.call(patient, 'GET', '/api/messages/threads')
    assert.equal(res.status, 200)
    return (res.json['threads'] as Array<{ id: string }>).map((t) => t.id)
  }

  /** What a user sees after the restart. Returns counts of what is visible. */
  async verify(): Promise<{
    appointments: number
    documents: number
    messages: number
    prescriptions: number
  }> {
    const c = this.clinic
    const visible = { appointments: 0, documents: 0, messages: 0, prescriptions: 0 }
    const window = `from=${encodeURIComponent(new Date(Date.now() - DAY).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 70 * DAY).toISOString())}`
    const seenAppointments = new Map<string, { status: string }>()
    for (const email of PATIENTS) {
      const p = this.who(email)
      const res = await c.call(p, 'GET', `/api/appointments?${window}`)
      assert.equal(res.status, 200)
      for (const a of res.json['appointments'] as Array<{ id: string; start: string; status: string }>) {
        assert.ok(
          this.sentStarts.has(`${p.id} ${new Date(a.start).toISOString()}`),
          `appointment ${a.id} is one that was asked for`,
        )
        seenAppointments.set(a.id, a)
        visible.appointments++
      }
    }
    for (const b of this.bookings.values()) {
      const a = seenAppointments.get(b.id)
      assert.ok(a, `acknowledged booking ${b.id} is listed`)
      if (b.cancelled) assert.equal(a.status, 'cancelled', `acknowledged cancellation of ${b.id} held`)
      else if (!this.cancelSent.has(b.id)) assert.equal(a.status, 'booked', `booking ${b.id} is booked`)
      else assert.ok(['booked', 'cancelled'].includes(a.status))
    }

    for (const d of this.documents) {
      const got = await c.content(d.patient, d.id)
      assert.ok(got, `acknowledged upload ${d.id} downloads`)
      assert.equal(sha(got), d.hash, `acknowledged upload ${d.id} is byte-equal`)
    }
    for (const email of UPLOADERS) {
      const p = this.who(email)
      for (const id of await c.documents(p)) {
        const got = await c.content(p, id)
        assert.ok(got, `listed document ${id} downloads in full`)
        assert.ok(this.sentFiles.has(sha(got)), `listed document ${id} is exactly a file that was sent`)
        visible.documents++
      }
    }

    const seenTokens = new Map<string, string>()
    for (const email of UPLOADERS) {
      const p = this.who(email)
      for (const threadId of await this.threads(p)) {
        const res = await c.call(p, 'GET', `/api/messages/threads/${threadId}`)
        assert.equal(res.status, 200, `thread ${threadId} opens`)
        const messages = res.json['messages'] as Array<{ body: string }>
        assert.ok(messages.length > 0, `thread ${threadId} has its first message`)
        if (this.seededThreads.has(threadId)) continue
        for (const m of messages) {
          assert.ok(this.sentTokens.has(m.body), `message in ${threadId} is one that was sent`)
          seenTokens.set(m.body, threadId)
          visible.messages++
        }
      }
    }
    for (const m of this.messages)
      assert.equal(seenTokens.get(m.token), m.threadId, `acknowledged message ${m.token} is in its thread`)

    const res = await c.call(
      this.who(PRESCRIBER),
      'GET',
      `/api/patients/${this.who(PATIENTS[0]).id}/prescriptions`,
    )
    assert.equal(res.status, 200)
    const listed = new Map(
      (res.json['prescriptions'] as Array<{ id: string; status: string; signedAt?: string }>).map((p) => [
        p.id,
        p,
      ]),
    )
    for (const p of listed.values()) {
      assert.ok(['draft', 'active'].includes(p.status), `prescription ${p.id} is ${p.status}`)
      assert.equal(p.status === 'active', p.signedAt !== undefined, `prescription ${p.id}: active iff signed`)
      visible.prescriptions++
    }
    for (const p of this.prescriptions.values()) {
      const seen = listed.get(p.id)
      assert.ok(seen, `acknowledged prescription ${p.id} is listed`)
      if (p.signed) assert.equal(seen.status, 'active', `acknowledged signature of ${p.id} held`)
      else if (!p.signSent) assert.equal(seen.status, 'draft', `unsigned ${p.id} is still a draft`)
    }
    return visible
  }

  /**
   * Waits (up to `timeoutMs`) for every active prescription to reach the pharmacy's queue; returns
   * how many did and how many are still waiting. A routing job that the killed process had claimed
   * stays locked until its lock expires (5 minutes, job-runner.ts), so some may still wait: the
   * database check then requires their job to be in the queue.
   */
  async awaitRouting(timeoutMs = 20_000): Promise<{ routed: number; waiting: number }> {
    const c = this.clinic
    const doc = this.who(PRESCRIBER)
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const res = await c.call(doc, 'GET', `/api/patients/${this.who(PATIENTS[0]).id}/prescriptions`)
      const list = res.json['prescriptions'] as Array<{ id: string; status: string; taskState?: string }>
      const active = list.filter((p) => p.status === 'active')
      const waiting = active.filter((p) => p.taskState === undefined).length
      if (waiting === 0 || Date.now() > deadline) return { routed: active.length - waiting, waiting }
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
}
