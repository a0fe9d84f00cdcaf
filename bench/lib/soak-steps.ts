// The soak's steps: what a signed-in patient or clinician of the demo clinic does, one step at a
// time, over HTTP with the session cookie. A step is one or a few requests; each request reports its
// route (a template, never an id), latency and whether the answer was what the step expects.
import { MESSAGE_RATE_LIMIT, MESSAGE_RATE_WINDOW_MINUTES } from '@tessera/contracts'
import { pdf } from '../../apps/server/src/vault/documents/test-files.ts'
import type { DemoPerson, LiveClinic, LiveReply } from '../../apps/server/src/testing/live-clinic.ts'

export interface StepResult {
  route: string
  status: number
  ms: number
  outcome: 'ok' | 'expected' | 'error'
}

const DAY = 86_400_000
/** Messages a patient writes in one thread before starting another (threads stay a realistic size). */
const THREAD_LENGTH = 10

type Weighted = Array<[number, () => Promise<StepResult[]>]>

export class SoakSteps {
  private readonly threads = new Map<string, { id: string; count: number }>()
  /** When each person sent their messages: users stay under the clinic's per-person message limit. */
  private readonly sent = new Map<string, number[]>()

  private constructor(
    private readonly clinic: LiveClinic,
    private readonly patients: DemoPerson[],
    private readonly bookers: Set<string>,
    private readonly okafor: DemoPerson,
    private readonly lewis: DemoPerson,
    private readonly typeId: string,
  ) {}

  static async prepare(clinic: LiveClinic): Promise<SoakSteps> {
    const p = (email: string) => clinic.person(email)
    const patients = ['maria.garcia', 'tom.nguyen', 'eileen.walsh'].map((n) => p(`${n}@patient.example`))
    const okafor = p('dr.okafor@clinic.example')
    const lewis = p('dr.lewis@clinic.example')
    await clinic.signIn(...patients, okafor, lewis)
    const types = (await clinic.call(patients[0]!, 'GET', '/api/scheduling/types')).json['types'] as Array<{
      id: string
      name: string
    }>
    const typeId = types.find((t) => t.name === 'Telephone review')!.id
    // Something in every patient's document list.
    for (const patient of patients) {
      const res = await clinic.upload(patient, pdf({ text: 'Referral letter' }), 'referral.pdf')
      if (res.status !== 201) throw new Error(`setup upload: ${res.status}`)
    }
    // Eileen has not accepted the telehealth consent in the demo, so the clinic's policy stops her
    // booking: she reads slots but does not book.
    const bookers = new Set(patients.slice(0, 2).map((x) => x.id))
    return new SoakSteps(clinic, patients, bookers, okafor, lewis, typeId)
  }

  private async timed(
    who: DemoPerson,
    route: string,
    method: string,
    path: string,
    body?: unknown,
    expected: number[] = [],
  ): Promise<[StepResult, LiveReply | null]> {
    const started = performance.now()
    // a failed connection is counted as an error with status 0
    const reply = await this.clinic.call(who, method, path, body).catch(() => null)
    const status = reply?.status ?? 0
    const ms = performance.now() - started
    const outcome = status >= 200 && status < 300 ? 'ok' : expected.includes(status) ? 'expected' : 'error'
    return [{ route: `${method} ${route}`, status, ms, outcome }, reply]
  }

  private one(
    who: DemoPerson,
    route: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<StepResult[]> {
    return this.timed(who, route, method, path, body).then(([r]) => [r])
  }

  private slotsPath(): string {
    const from = new Date(Date.now() + (2 + Math.floor(Math.random() * 40)) * DAY).toISOString()
    return `/api/scheduling/slots?typeId=${this.typeId}&clinicianId=${this.okafor.id}&from=${encodeURIComponent(from)}&limit=20`
  }

  private appointmentsPath(): string {
    const from = encodeURIComponent(new Date(Date.now() - DAY).toISOString())
    const to = encodeURIComponent(new Date(Date.now() + 60 * DAY).toISOString())
    return `/api/appointments?from=${from}&to=${to}`
  }

  private async bookAndCancel(who: DemoPerson): Promise<StepResult[]> {
    const [slots, reply] = await this.timed(who, '/api/scheduling/slots', 'GET', this.slotsPath())
    const list = (reply?.json['slots'] ?? []) as Array<{ start: string }>
    const slot = list[Math.floor(Math.random() * list.length)]
    if (!slot) return [slots]
    // 409: another user took the slot between listing and booking (the answer a patient gets then).
    const [book, booked] = await this.timed(
      who,
      '/api/appointments',
      'POST',
      '/api/appointments',
      { typeId: this.typeId, clinicianId: this.okafor.id, start: slot.start },
      [409],
    )
    if (book.status !== 201) return [slots, book]
    const id = String(booked!.json['id'])
    const [cancel] = await this.timed(
      who,
      '/api/appointments/:id/cancel',
      'POST',
      `/api/appointments/${id}/cancel`,
    )
    return [slots, book, cancel]
  }

  /**
   * Whether this person may send one more message now: at most MESSAGE_RATE_LIMIT - 2 in the window
   * (a little margin for requests in flight). Counted when sent, answered or not.
   */
  private mayWrite(who: DemoPerson): boolean {
    const since = Date.now() - (MESSAGE_RATE_WINDOW_MINUTES * 60 + 30) * 1000
    const times = (this.sent.get(who.id) ?? []).filter((t) => t > since)
    this.sent.set(who.id, times)
    if (times.length >= MESSAGE_RATE_LIMIT - 2) return false
    times.push(Date.now())
    return true
  }

  private async write(who: DemoPerson, index: number): Promise<StepResult[]> {
    // over the clinic's message limit a user reads instead (the limit is policy, not a fault)
    if (!this.mayWrite(who)) return this.readAndReply(who, false)
    const key = `${who.id} ${index}`
    const thread = this.threads.get(key)
    if (thread && thread.count < THREAD_LENGTH) {
      thread.count++
      return this.one(
        who,
        '/api/messages/threads/:id/messages',
        'POST',
        `/api/messages/threads/${thread.id}/messages`,
        {
          body: 'Thank you, that helps. One more question about the dose timing.',
        },
      )
    }
    const [r, reply] = await this.timed(who, '/api/messages/threads', 'POST', '/api/messages/threads', {
      // only a patient with a care team (Maria, on Dr Okafor's) may start a clinical thread
      topic: who.id === this.patients[0]!.id ? 'clinical' : 'admin',
      subject: 'A question about my treatment',
      body: 'Hello, I have a question about my treatment plan.',
    })
    if (reply?.status === 201)
      this.threads.set(key, { id: String((reply.json['thread'] as { id: string }).id), count: 1 })
    return [r]
  }

  private async readAndReply(who: DemoPerson, reply: boolean): Promise<StepResult[]> {
    const [list, res] = await this.timed(who, '/api/messages/threads', 'GET', '/api/messages/threads')
    const threads = (res?.json['threads'] ?? []) as Array<{ id: string }>
    const t = threads[Math.floor(Math.random() * Math.min(threads.length, 10))]
    if (!t) return [list]
    const [read] = await this.timed(who, '/api/messages/threads/:id', 'GET', `/api/messages/threads/${t.id}`)
    if (!reply || !this.mayWrite(who)) return [list, read]
    const [sent] = await this.timed(
      who,
      '/api/messages/threads/:id/messages',
      'POST',
      `/api/messages/threads/${t.id}/messages`,
      {
        body: 'Thanks for your message. That is expected in the first week; take it with food.',
      },
    )
    return [list, read, sent]
  }

  private pick(steps: Weighted): Promise<StepResult[]> {
    const total = steps.reduce((n, [w]) => n + w, 0)
    let r = Math.random() * total
    for (const [w, run] of steps) {
      r -= w
      if (r < 0) return run()
    }
    return steps[0]![1]()
  }

  /** One step of virtual user `index` of this kind. */
  step(kind: 'patient' | 'clinician', index: number): Promise<StepResult[]> {
    if (kind === 'patient') {
      const who = this.patients[index % this.patients.length]!
      return this.pick([
        [20, () => this.one(who, '/api/session', 'GET', '/api/session')],
        [15, () => this.one(who, '/api/scheduling/slots', 'GET', this.slotsPath())],
        [this.bookers.has(who.id) ? 10 : 0, () => this.bookAndCancel(who)],
        [15, () => this.one(who, '/fhir/R4/Patient/:id', 'GET', `/fhir/R4/Patient/${who.id}`)],
        [10, () => this.one(who, '/api/appointments', 'GET', this.appointmentsPath())],
        [10, () => this.write(who, index)],
        [10, () => this.readAndReply(who, false)],
        [10, () => this.one(who, '/api/patients/:id/documents', 'GET', `/api/patients/${who.id}/documents`)],
      ])
    }
    // Dr Okafor has Maria on her care team; Dr Lewis has no patients yet and works the clinic's lists.
    const maria = this.patients[0]!
    if (index % 3 === 2)
      return this.pick([
        [30, () => this.one(this.lewis, '/api/session', 'GET', '/api/session')],
        [30, () => this.readAndReply(this.lewis, false)],
        [20, () => this.one(this.lewis, '/api/appointments', 'GET', this.appointmentsPath())],
        [20, () => this.one(this.lewis, '/api/scheduling/slots', 'GET', this.slotsPath())],
      ])
    const who = this.okafor
    return this.pick([
      [15, () => this.one(who, '/api/session', 'GET', '/api/session')],
      [25, () => this.readAndReply(who, Math.random() < 0.4)],
      [20, () => this.one(who, '/fhir/R4/Patient/:id', 'GET', `/fhir/R4/Patient/${maria.id}`)],
      [15, () => this.one(who, '/api/patients/:id/documents', 'GET', `/api/patients/${maria.id}/documents`)],
      [15, () => this.one(who, '/api/appointments', 'GET', this.appointmentsPath())],
      [10, () => this.one(who, '/api/scheduling/slots', 'GET', this.slotsPath())],
    ])
  }
}
