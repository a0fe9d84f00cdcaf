// Secure messages in the FHIR record (issue 11): each patient-visible message is a Communication in
// the patient's compartment, written with the message; the patient and their care team read it (and
// find it in Patient/$everything, the patient's download), nobody else does; internal notes are never
// one; the FHIR API cannot write one; its body is sealed at rest. And a message cannot be edited.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Bundle, Communication } from '@medplum/fhirtypes'
import type { ThreadDetail } from '@tessera/contracts'
import { fhirCaller, type Caller } from '../testing/fhir-calls.ts'
import { someAddress } from '../testing/accounts.ts'
import { upload } from '../vault/documents/document-test-kit.ts'
import { jpeg } from '../vault/documents/test-files.ts'
import { dumpDatabase } from '../vault/keys/keys-test-kit.ts'
import { MESSAGE_THREAD_EXTENSION } from './message-communication.ts'
import { FIRST_BODY, messagingTest, SUBJECT, type MessagingTest, type Who } from './messaging-test-kit.ts'

let m: MessagingTest
const fhir = {} as Record<Who, Caller>
let thread: ThreadDetail
let documentId: string
const NOTE = 'Internal: Zanzibarite suspected, do not tell yet'
const REPLY = 'Please stop the cream; the Quillwort ointment instead.'

before(async () => {
  m = await messagingTest()
  for (const who of Object.keys(m.cookie) as Who[]) fhir[who] = fhirCaller(m.t, m.cookie[who])
  const photo = await upload(m, 'patient', m.patient.id, { data: jpeg(), filename: 'arm.jpg' }, [
    ['category', 'other'],
  ])
  assert.equal(photo.statusCode, 201, photo.body)
  documentId = photo.json<{ id: string }>().id
  const res = await m.as('patient', 'POST', '/api/messages/threads', {
    topic: 'clinical',
    subject: SUBJECT,
    body: FIRST_BODY,
    attachments: [documentId],
  })
  assert.equal(res.statusCode, 201, res.body)
  thread = res.json<ThreadDetail>()
})
after(() => m.t.close())

const firstId = () => thread.messages[0]!.id

async function communicationsOf(patientId: string) {
  return m.t.ctx.db
    .selectFrom('fhir_resource')
    .select(['id', 'version_id'])
    .where('resource_type', '=', 'Communication')
    .where('patient_id', '=', patientId)
    .execute()
}

test('a message is a Communication the patient and their care team read', async () => {
  for (const who of ['patient', 'clinician'] as const) {
    const res = await fhir[who]('GET', `Communication/${firstId()}`)
    assert.equal(res.status, 200, `${who}: ${res.body}`)
    const c = res.json as unknown as Communication
    assert.equal(c.status, 'completed')
    assert.equal(c.subject?.reference, `Patient/${m.patient.id}`)
    assert.equal(c.sender?.reference, `Patient/${m.patient.id}`)
    assert.equal(c.sent, thread.messages[0]!.createdAt)
    assert.equal(c.received, undefined, 'nobody has read it yet')
    assert.deepEqual(c.payload, [
      { contentString: FIRST_BODY },
      { contentReference: { reference: `DocumentReference/${documentId}` } },
    ])
    assert.deepEqual(c.extension, [{ url: MESSAGE_THREAD_EXTENSION, valueId: thread.thread.id }])
    assert.equal(c.category?.[0]?.coding?.[0]?.code, 'clinical')
  }
  const found = await fhir.clinician('GET', `Communication?patient=${m.patient.id}`)
  assert.equal(found.status, 200)
  assert.deepEqual(
    ((found.json as unknown as Bundle).entry ?? []).map((e) => e.resource?.id),
    [firstId()],
  )
  // The patient's own download ("Download all my data") is Patient/$everything.
  const everything = await fhir.patient('GET', `Patient/${m.patient.id}/$everything`)
  assert.equal(everything.status, 200)
  assert.ok(
    ((everything.json as unknown as Bundle).entry ?? []).some(
      (e) => e.resource?.resourceType === 'Communication' && e.resource.id === firstId(),
    ),
  )
  assert.ok(everything.body.includes(FIRST_BODY), 'the download carries the words, opened')
})

test('nobody else reads it: another patient and a clinician outside the team find nothing', async () => {
  for (const who of ['otherPatient', 'outsider'] as const) {
    const res = await fhir[who]('GET', `Communication/${firstId()}`)
    assert.equal(res.status, 404, `${who}: ${res.body}`)
    assert.ok(!res.body.includes(FIRST_BODY))
    const search = await fhir[who]('GET', `Communication?patient=${m.patient.id}`)
    assert.ok(!search.body.includes(firstId()), `${who} search`)
  }
  // Reception works admin threads through the messaging API only; the record's messages are clinical.
  for (const who of ['reception', 'pharmacist', 'admin'] as const) {
    const res = await fhir[who]('GET', `Communication/${firstId()}`)
    assert.equal(res.status, 403, `${who}: ${res.body}`)
    assert.ok(!res.body.includes(FIRST_BODY))
  }
})

test('internal notes never become a Communication; a reply does, and the patient reading it is `received`', async () => {
  const noteAt = m.t.clock.now().toISOString()
  const note = await m.as('clinician', 'POST', `/api/messages/threads/${thread.thread.id}/messages`, {
    body: NOTE,
    internal: true,
  })
  assert.equal(note.statusCode, 201, note.body)
  assert.equal((await communicationsOf(m.patient.id)).length, 1, 'a note adds nothing to the record')
  const everything = await fhir.patient('GET', `Patient/${m.patient.id}/$everything`)
  assert.ok(!everything.body.includes('Zanzibarite'))

  m.t.clock.advance(60_000)
  const reply = await m.as('clinician', 'POST', `/api/messages/threads/${thread.thread.id}/messages`, {
    body: REPLY,
  })
  assert.equal(reply.statusCode, 201, reply.body)
  const replyId = reply.json<ThreadDetail>().messages.at(-1)!.id
  assert.equal((await communicationsOf(m.patient.id)).length, 2)
  const sent = (await fhir.patient('GET', `Communication/${replyId}`)).json as unknown as Communication
  assert.equal(sent.sender?.identifier?.value, m.clinician.id)
  assert.equal(sent.sender?.display, 'Dr Okonkwo-Canary')
  assert.deepEqual(sent.recipient, [{ reference: `Patient/${m.patient.id}` }])
  assert.equal(sent.received, undefined)
  // Writing the note read the patient's message first (as the receipts in the thread count it).
  const first = (await fhir.patient('GET', `Communication/${firstId()}`)).json as unknown as Communication
  assert.equal(first.received, noteAt)

  m.t.clock.advance(60_000)
  const read = await m.as('patient', 'POST', `/api/messages/threads/${thread.thread.id}/read`)
  assert.equal(read.statusCode, 200, read.body)
  const after = (await fhir.clinician('GET', `Communication/${replyId}`)).json as unknown as Communication
  assert.equal(after.received, m.t.clock.now().toISOString())
  assert.deepEqual(after.payload, [{ contentString: REPLY }], 'a receipt keeps the words')
})

test('the FHIR API cannot create, change or delete a Communication (405), for anyone', async () => {
  const before = await communicationsOf(m.patient.id)
  const body = {
    resourceType: 'Communication',
    status: 'completed',
    subject: { reference: `Patient/${m.patient.id}` },
    payload: [{ contentString: 'forged' }],
  }
  for (const who of ['patient', 'clinician'] as const) {
    const create = await fhir[who]('POST', 'Communication', body)
    assert.equal(create.status, 405, `${who} create: ${create.body}`)
    const update = await fhir[who]('PUT', `Communication/${firstId()}`, { ...body, id: firstId() })
    assert.equal(update.status, 405, `${who} update: ${update.body}`)
    const remove = await fhir[who]('DELETE', `Communication/${firstId()}`)
    assert.equal(remove.status, 405, `${who} delete: ${remove.body}`)
  }
  assert.deepEqual(await communicationsOf(m.patient.id), before)
  const still = (await fhir.patient('GET', `Communication/${firstId()}`)).json as unknown as Communication
  assert.equal(still.payload?.[0]?.contentString, FIRST_BODY)
})

test('the Communication body is sealed at rest: no message text in any table or history', async () => {
  const dump = await dumpDatabase(m.t.ctx.db)
  for (const secret of [FIRST_BODY, 'left arm', REPLY, 'Quillwort', 'Zanzibarite'])
    assert.ok(!dump.includes(secret), secret)
  const rows = await sql<{ c: string }>`select content::text as c from fhir_resource_history
    where resource_type = 'Communication'`.execute(m.t.ctx.db)
  assert.ok(rows.rows.length >= 3, 'two messages, one receipt version at least')
  for (const row of rows.rows) {
    assert.match(row.c, /"contentString": "tessera-sealed:v1:/)
    assert.ok(row.c.includes(`Patient/${m.patient.id}`), 'references stay queryable')
  }
})

test('a message cannot be edited or deleted: every such route is 404/405 and the message is unchanged', async () => {
  const threadUrl = `/api/messages/threads/${thread.thread.id}`
  const beforeRows = await m.t.ctx.db.selectFrom('message').selectAll().orderBy('seq').execute()
  const beforeView = await m.as('clinician', 'GET', threadUrl)
  const edit = { body: 'I never said that' }
  const attempts: Array<[method: 'PUT' | 'PATCH' | 'DELETE', url: string]> = []
  for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
    attempts.push(
      [method, `${threadUrl}/messages/${firstId()}`],
      [method, `${threadUrl}/messages`],
      [method, `/api/messages/${firstId()}`],
      [method, `/api/messages/threads/${randomUUID()}/messages/${firstId()}`],
    )
  }
  attempts.push(['PUT', threadUrl], ['DELETE', threadUrl])
  for (const who of ['patient', 'clinician'] as const) {
    for (const [method, url] of attempts) {
      const res = await m.t.app.inject({
        method,
        url,
        remoteAddress: someAddress(),
        headers: { ...m.t.browserHeaders, cookie: m.cookie[who] },
        payload: edit,
      })
      assert.ok([404, 405].includes(res.statusCode), `${who} ${method} ${url}: ${res.statusCode}`)
    }
  }
  // The one PATCH that exists (triage) takes no text: a body is refused naming the field.
  const patch = await m.as('clinician', 'PATCH', threadUrl, edit)
  assert.equal(patch.statusCode, 400, patch.body)
  assert.match(patch.body, /body/)
  assert.deepEqual(await m.t.ctx.db.selectFrom('message').selectAll().orderBy('seq').execute(), beforeRows)
  const afterView = await m.as('clinician', 'GET', threadUrl)
  assert.deepEqual(afterView.json<ThreadDetail>().messages, beforeView.json<ThreadDetail>().messages)
  assert.ok(!afterView.body.includes('I never said that'))
})
