// Live updates: the event bus over the real Redis (two instances), and the server-sent event stream
// of two app instances sharing one database and one Redis: a change made on one reaches a browser
// connected to the other, as ids only; internal notes never reach the patient's stream; a stream
// ends with its session.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ThreadDetail } from '@tessera/contracts'
import { RedisEventBus } from '../platform/events/redis-event-bus.ts'
import type { EventPayload } from '../platform/events/event-bus.ts'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { FIRST_BODY, messagingTest, SUBJECT, type MessagingTest } from './messaging-test-kit.ts'

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379'

let m: MessagingTest
let other: TestApp
let port: number

before(async () => {
  m = await messagingTest({ redisUrl: REDIS_URL })
  other = await createTestApp({
    database: m.t.database,
    box: m.t.ctx.identity.box,
    config: { redisUrl: REDIS_URL },
  })
  other.ctx.messaging.streams.heartbeatMs = 200
  await other.app.listen({ port: 0, host: '127.0.0.1' })
  port = (other.app.server.address() as AddressInfo).port
})
after(async () => {
  await other.close()
  await m.t.close()
})

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// A liveness bound, not a timing assertion (a loaded CI machine is slow to open four streams).
async function until(check: () => boolean, what: string | (() => string), ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; !check(); await wait(20))
    if (Date.now() > end) assert.fail(`timed out: ${typeof what === 'string' ? what : what()}`)
}

/** An EventSource's view of the stream on the other instance: the raw text and whether it ended. */
function stream(cookie: string) {
  const state = { text: '', status: 0, ended: false, close: () => {} }
  const req = request(
    {
      host: '127.0.0.1',
      port,
      path: '/api/messages/events',
      headers: { cookie, accept: 'text/event-stream' },
    },
    (res) => {
      state.status = res.statusCode ?? 0
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (state.text += chunk))
      res.on('end', () => (state.ended = true))
    },
  )
  req.on('error', () => (state.ended = true))
  req.end()
  state.close = () => req.destroy()
  return state
}

const threadEvents = (text: string) => [...text.matchAll(/event: thread\ndata: (.*)\n\n/g)].map((x) => x[1])

test('two Redis event-bus instances: a publish on one reaches the other', async () => {
  const log = m.t.logs.log
  const a = new RedisEventBus(REDIS_URL, log)
  const b = new RedisEventBus(REDIS_URL, log)
  try {
    const got: EventPayload[] = []
    const off = await b.subscribe('test:bus:one', (p) => got.push(p))
    await a.publish('test:bus:one', { threadId: 'abc', n: 1 })
    await until(() => got.length === 1, 'delivery across instances')
    assert.deepEqual(got, [{ threadId: 'abc', n: 1 }])
    off()
    await wait(100)
    await a.publish('test:bus:one', { n: 2 })
    await wait(200)
    assert.equal(got.length, 1, 'nothing after unsubscribing')
    await assert.rejects(a.publish('Bad Channel', {}), TypeError)
  } finally {
    await a.close()
    await b.close()
  }
})

test('the stream on instance B tells the patient and the care team about a reply written on A; ids only', async () => {
  const patient = stream(m.cookie.patient)
  const clinician = stream(m.cookie.clinician)
  const outsider = stream(m.cookie.outsider)
  const reception = stream(m.cookie.reception)
  try {
    const streams = { patient, clinician, outsider, reception }
    await until(
      () => Object.values(streams).every((s) => s.text.startsWith('retry:')),
      () =>
        `streams open: ${Object.entries(streams)
          .map(
            ([who, s]) =>
              `${who} ${s.status}${s.ended ? ' ended' : ''} ${JSON.stringify(s.text.slice(0, 80))}`,
          )
          .join('; ')}; instance B's warnings: ${other.logs.lines
          .filter((l) => /"level":(40|50|60)/.test(l))
          .slice(-5)
          .join(' | ')}`,
    )
    assert.equal(patient.status, 200)
    const started = await m.as('patient', 'POST', '/api/messages/threads', {
      topic: 'clinical',
      subject: SUBJECT,
      body: FIRST_BODY,
    })
    const threadId = started.json<ThreadDetail>().thread.id
    await until(() => threadEvents(clinician.text).length === 1, 'the care team hears of the new thread')
    assert.deepEqual(threadEvents(clinician.text), [JSON.stringify({ threadId })])

    const note = await m.as('clinician', 'POST', `/api/messages/threads/${threadId}/messages`, {
      body: 'Internal: check allergy list',
      internal: true,
    })
    assert.equal(note.statusCode, 201)
    await until(() => threadEvents(clinician.text).length === 2, 'staff hear of the note')
    const patientBefore = threadEvents(patient.text).length
    const reply = await m.as('clinician', 'POST', `/api/messages/threads/${threadId}/messages`, {
      body: 'Stop the cream.',
    })
    assert.equal(reply.statusCode, 201)
    await until(
      () => threadEvents(patient.text).length === patientBefore + 1,
      'the patient hears of the reply',
    )
    await wait(300)
    // The note was announced before the reply: had it reached the patient, it would be counted here.
    assert.equal(threadEvents(patient.text).length, patientBefore + 1, 'no event for the internal note')
    assert.equal(threadEvents(outsider.text).length, 0, 'a clinician outside the care team hears nothing')
    assert.equal(threadEvents(reception.text).length, 0, 'reception hears nothing of a clinical thread')
    for (const s of [patient, clinician])
      for (const secret of ['cream', 'Rash', 'allergy', FIRST_BODY]) assert.ok(!s.text.includes(secret))
  } finally {
    for (const s of [patient, clinician, outsider, reception]) s.close()
  }
})

test('a stream ends once its session ends; pharmacists and signed-out callers get none', async () => {
  const patient = stream(m.cookie.patient)
  await until(() => patient.text.startsWith('retry:'), 'stream open')
  const out = await m.as('patient', 'POST', '/api/auth/sign-out')
  assert.ok(out.statusCode < 300, out.body)
  await until(() => patient.ended, 'the stream closes after sign-out')
  const pharmacist = stream(m.cookie.pharmacist)
  const nobody = stream('')
  await until(() => pharmacist.ended && nobody.ended, 'refused streams end')
  assert.equal(pharmacist.status, 403)
  assert.equal(nobody.status, 401)
})
