// Secure messaging through the routes: who sees which thread, internal notes kept from the patient
// in every response, bodies sealed at rest, receipts, assignment, limits with errors naming the field.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { ThreadDetail, ThreadList, ThreadSummary } from '@tessera/contracts'
import { upload } from '../vault/documents/document-test-kit.ts'
import { jpeg, pdf } from '../vault/documents/test-files.ts'
import { FIRST_BODY, messagingTest, SUBJECT, type MessagingTest } from './messaging-test-kit.ts'

let m: MessagingTest
let threadId: string
const NOTE = 'Internal: likely contact dermatitis, ask pharmacist about alternatives'

before(async () => {
  m = await messagingTest()
})
after(() => m.t.close())

async function start(payload: object = { topic: 'clinical', subject: SUBJECT, body: FIRST_BODY }) {
  const res = await m.as('patient', 'POST', '/api/messages/threads', payload)
  assert.equal(res.statusCode, 201, res.body)
  return res.json<ThreadDetail>()
}

test('a patient starts a thread; their care team sees it waiting, nobody else does', async () => {
  const photo = await upload(m, 'patient', m.patient.id, { data: jpeg(), filename: 'arm.jpg' }, [
    ['category', 'other'],
  ])
  assert.equal(photo.statusCode, 201, photo.body)
  const detail = await start({
    topic: 'clinical',
    subject: SUBJECT,
    body: FIRST_BODY,
    attachments: [photo.json<{ id: string }>().id],
  })
  threadId = detail.thread.id
  assert.equal(detail.messages[0]?.body, FIRST_BODY)
  assert.deepEqual(
    detail.messages[0]?.attachments.map((a) => a.available && a.title),
    ['arm.jpg'],
  )
  m.t.clock.advance(60_000)

  const inbox = (await m.as('clinician', 'GET', '/api/messages/threads')).json<ThreadList>()
  const mine = inbox.threads.find((t) => t.id === threadId)
  assert.ok(mine, 'the care team sees the thread')
  assert.equal(mine.subject, SUBJECT)
  assert.equal(mine.status, 'open')
  assert.equal(mine.unread, 1)
  assert.equal(mine.awaitingSince, detail.thread.createdAt, 'waiting since the patient wrote')

  for (const who of ['outsider', 'reception', 'otherPatient'] as const) {
    const list = (await m.as(who, 'GET', '/api/messages/threads')).json<ThreadList>()
    assert.equal(list.threads.length, 0, `${who} sees no thread`)
    const one = await m.as(who, 'GET', `/api/messages/threads/${threadId}`)
    const missing = await m.as(who, 'GET', `/api/messages/threads/${randomUUID()}`)
    assert.equal(one.statusCode, 404, who)
    assert.equal(one.json<{ error: { message: string } }>().error.message, 'No such thread.')
    assert.equal(missing.statusCode, 404)
    assert.ok(!one.body.includes('Rash') && !one.body.includes(FIRST_BODY))
    const reply = await m.as(who, 'POST', `/api/messages/threads/${threadId}/messages`, { body: 'hello' })
    assert.equal(reply.statusCode, 404, `${who} cannot write either`)
  }
  for (const who of ['pharmacist', 'admin'] as const) {
    assert.equal((await m.as(who, 'GET', '/api/messages/threads')).statusCode, 403)
    assert.equal((await m.as(who, 'GET', `/api/messages/threads/${threadId}`)).statusCode, 403)
  }
})

test('bodies and subjects are sealed at rest with the patient key', async () => {
  const rows = await sql<{ t: string }>`select row_to_json(x)::text as t from (
    select * from message_thread) x union all select row_to_json(y)::text from (select * from message) y`.execute(
    m.t.ctx.db,
  )
  const dump = rows.rows.map((r) => r.t).join('\n')
  assert.ok(dump.includes('tessera-sealed:v1:'))
  assert.ok(!dump.includes('Rash') && !dump.includes('left arm'), 'no plaintext in the tables')
})

test('internal notes: staff see them, the patient never does (thread, list, unread)', async () => {
  const note = await m.as('clinician', 'POST', `/api/messages/threads/${threadId}/messages`, {
    body: NOTE,
    internal: true,
  })
  assert.equal(note.statusCode, 201, note.body)
  assert.ok(note.json<ThreadDetail>().messages.some((x) => x.kind === 'internal-note' && x.body === NOTE))
  m.t.clock.advance(1000)
  const seen = await m.as('patient', 'GET', `/api/messages/threads/${threadId}`)
  assert.equal(seen.statusCode, 200)
  assert.ok(!seen.body.includes(NOTE) && !seen.body.includes('internal-note'))
  const list = (await m.as('patient', 'GET', '/api/messages/threads')).json<ThreadList>()
  assert.equal(list.threads[0]?.unread, 0, 'a note is not an unread message for the patient')
  assert.equal(list.threads[0]?.assignedTo, null)
  assert.equal(list.threads[0]?.awaitingSince, null)
  // A note does not answer the patient and sends no email.
  const summary = (await m.as('clinician', 'GET', '/api/messages/threads')).json<ThreadList>().threads[0]
  assert.equal(summary?.status, 'open')
  assert.ok(summary?.awaitingSince)
  const sent = m.t.outbox.list().length
  await m.t.deliverMail()
  assert.equal(m.t.outbox.list().length, sent)

  const patientNote = await m.as('patient', 'POST', `/api/messages/threads/${threadId}/messages`, {
    body: 'trying to write a note',
    internal: true,
  })
  assert.equal(patientNote.statusCode, 403)
  assert.equal(
    patientNote.json<{ error: { details: Array<{ path: string }> } }>().error.details[0]?.path,
    '/internal',
  )
})

test('a staff reply answers the patient, emails them the fixed notice, and receipts follow reads', async () => {
  const reply = await m.as('clinician', 'POST', `/api/messages/threads/${threadId}/messages`, {
    body: 'Please stop the cream and send a photo tomorrow.',
  })
  assert.equal(reply.statusCode, 201, reply.body)
  const detail = reply.json<ThreadDetail>()
  assert.equal(detail.thread.status, 'waiting-on-patient')
  assert.equal(detail.thread.awaitingSince, null)
  const sent = m.t.outbox.list().length
  await m.t.deliverMail()
  assert.equal(m.t.outbox.list().length, sent + 1)
  const mail = m.t.outbox.list().at(-1)
  assert.equal(mail?.to, m.patient.email)
  assert.match(
    mail?.text ?? '',
    /^You have a new secure message\. Sign in to read it\.\nhttp:\/\/localhost:3000\/sign-in/,
  )
  assert.ok(!mail?.text.includes('cream') && !mail?.subject.includes('Rash'))

  const patientMessage = detail.messages.find((x) => x.author.role === 'patient')
  assert.ok(patientMessage?.readAt, 'writing the reply read the patient message')
  const staffMessage = detail.messages.at(-1)
  assert.equal(staffMessage?.readAt, null, 'the patient has not read the reply yet')
  m.t.clock.advance(1000)
  const before = (await m.as('patient', 'GET', '/api/messages/threads')).json<ThreadList>()
  assert.equal(before.threads[0]?.unread, 1)
  const read = await m.as('patient', 'POST', `/api/messages/threads/${threadId}/read`)
  assert.equal(read.statusCode, 200, read.body)
  assert.equal(read.json<ThreadSummary>().unread, 0)
  const after = (await m.as('clinician', 'GET', `/api/messages/threads/${threadId}`)).json<ThreadDetail>()
  assert.ok(after.messages.at(-1)?.readAt, 'the clinician sees the reply was read')
})

test('assignment and status: only someone who can see the thread can be assigned', async () => {
  const assignees = await m.as('clinician', 'GET', `/api/messages/threads/${threadId}/assignees`)
  assert.deepEqual(
    assignees.json<{ staff: Array<{ id: string }> }>().staff.map((s) => s.id),
    [m.clinician.id],
  )
  const outsider = await m.as('clinician', 'PATCH', `/api/messages/threads/${threadId}`, {
    assignedTo: m.outsider.id,
  })
  assert.equal(outsider.statusCode, 400)
  assert.match(outsider.body, /"path":"\/assignedTo"/)
  const ok = await m.as('clinician', 'PATCH', `/api/messages/threads/${threadId}`, {
    assignedTo: m.clinician.id,
    status: 'closed',
  })
  assert.equal(ok.statusCode, 200, ok.body)
  assert.equal(ok.json<ThreadSummary>().assignedTo?.id, m.clinician.id)
  const mine = (
    await m.as('clinician', 'GET', '/api/messages/threads?assigned=me&status=closed')
  ).json<ThreadList>()
  assert.deepEqual(
    mine.threads.map((t) => t.id),
    [threadId],
  )
  const patientPatch = await m.as('patient', 'PATCH', `/api/messages/threads/${threadId}`, { status: 'open' })
  assert.equal(patientPatch.statusCode, 403)
  // A patient message reopens it and tells the assignee (the same fixed notice).
  m.t.clock.advance(1000)
  const again = await m.as('patient', 'POST', `/api/messages/threads/${threadId}/messages`, {
    body: 'Photo tomorrow.',
  })
  assert.equal(again.json<ThreadDetail>().thread.status, 'open')
  const sent = m.t.outbox.list().length
  await m.t.deliverMail()
  assert.equal(m.t.outbox.list().length, sent + 1)
  assert.equal(m.t.outbox.list().at(-1)?.to, m.clinician.email)
})

test('admin threads: reception sees and answers them, never clinical ones; no clinical team needed', async () => {
  const admin = await start({ topic: 'admin', subject: 'Change my appointment', body: 'Can we move Friday?' })
  const list = (await m.as('reception', 'GET', '/api/messages/threads')).json<ThreadList>()
  assert.deepEqual(
    list.threads.map((t) => t.id),
    [admin.thread.id],
  )
  const reply = await m.as('reception', 'POST', `/api/messages/threads/${admin.thread.id}/messages`, {
    body: 'Yes, Monday 10:00 works.',
  })
  assert.equal(reply.statusCode, 201, reply.body)
  // Reception cannot open documents: an attachment shows as unavailable, not its name.
  const photo = await upload(m, 'patient', m.patient.id, { data: pdf(), filename: 'form.pdf' }, [
    ['category', 'other'],
  ])
  const withFile = await m.as('patient', 'POST', `/api/messages/threads/${admin.thread.id}/messages`, {
    body: 'The form',
    attachments: [photo.json<{ id: string }>().id],
  })
  assert.equal(withFile.statusCode, 201, withFile.body)
  const seen = await m.as('reception', 'GET', `/api/messages/threads/${admin.thread.id}`)
  assert.ok(!seen.body.includes('form.pdf'))
  assert.deepEqual(seen.json<ThreadDetail>().messages.at(-1)?.attachments, [
    { documentId: photo.json<{ id: string }>().id, available: false },
  ])

  // The other patient has no care team: a clinical thread would reach nobody.
  const res = await m.as('otherPatient', 'POST', '/api/messages/threads', {
    topic: 'clinical',
    subject: 'Question',
    body: 'Hello',
  })
  assert.equal(res.statusCode, 409)
  assert.match(res.body, /"path":"\/topic"/)
})

test('limits: size, attachments, another patient’s document, rate; each names the field', async () => {
  const tooLong = await m.as('patient', 'POST', `/api/messages/threads/${threadId}/messages`, {
    body: 'x'.repeat(10_001),
  })
  assert.equal(tooLong.statusCode, 400)
  assert.match(tooLong.body, /"path":"body\/body","message":"must NOT have more than 10000 characters"/)
  const six = Array.from({ length: 6 }, () => randomUUID())
  const many = await m.as('patient', 'POST', `/api/messages/threads/${threadId}/messages`, {
    body: 'x',
    attachments: six,
  })
  assert.equal(many.statusCode, 400)
  assert.match(many.body, /"path":"body\/attachments"/)
  const foreign = await upload(m, 'otherPatient', m.otherPatient.id, { data: pdf(), filename: 'b.pdf' })
  const theirs = await m.as('patient', 'POST', `/api/messages/threads/${threadId}/messages`, {
    body: 'x',
    attachments: [foreign.json<{ id: string }>().id],
  })
  assert.equal(theirs.statusCode, 400)
  assert.match(theirs.body, /"path":"\/attachments\/0"/)
  const noteWithFile = await m.as('clinician', 'POST', `/api/messages/threads/${threadId}/messages`, {
    body: 'x',
    internal: true,
    attachments: [randomUUID()],
  })
  assert.equal(noteWithFile.statusCode, 400)

  m.t.clock.advance(11 * 60_000)
  let last = 0
  for (let i = 0; i < 31; i++) {
    const res = await m.as('clinician', 'POST', `/api/messages/threads/${threadId}/messages`, {
      body: `note ${i}`,
      internal: true,
    })
    last = res.statusCode
    if (i < 30) assert.equal(res.statusCode, 201, res.body)
    else assert.match(res.body, /"path":"\/body"/)
  }
  assert.equal(last, 429)
})

test('every read and write is audited naming the patient', async () => {
  const events = await m.t.ctx.db
    .selectFrom('audit_event')
    .select(['action', 'patient_id', 'outcome'])
    .where('action', 'like', 'message.%')
    .execute()
  for (const action of [
    'message.start',
    'message.read',
    'message.send',
    'message.receipt',
    'message.triage',
    'message.list',
  ])
    assert.ok(
      events.some((e) => e.action === action && e.patient_id === m.patient.id && e.outcome === 'success'),
      action,
    )
  assert.ok(events.some((e) => e.action === 'message.read' && e.outcome === 'denied'))
})
