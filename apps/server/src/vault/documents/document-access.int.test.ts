// S1, S2 for documents: a patient sees only their own, a clinician only their care team's; anyone
// else gets exactly what a document that does not exist gets. Staff without clinical access: 403.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { DocumentView } from '@tessera/contracts'
import { someAddress } from '../../testing/accounts.ts'
import { download, leftovers, upload, vaultTest, type VaultTest } from './document-test-kit.ts'
import { pdf } from './test-files.ts'

let v: VaultTest
let own: string
before(async () => {
  v = await vaultTest()
  const res = await upload(v, 'patient', v.patient.id, { data: pdf({ text: 'Zebulon private letter' }) })
  assert.equal(res.statusCode, 201, res.body)
  own = res.json<DocumentView>().id
})
after(() => v.t.close())

type Who = keyof VaultTest['cookie']

async function call(who: Who, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await v.t.app.inject({
    method,
    url,
    remoteAddress: someAddress(),
    headers: { ...v.t.browserHeaders, cookie: v.cookie[who] },
    ...(payload ? { payload } : {}),
  })
  return { status: res.statusCode, body: res.body.replace(/"requestId":"[^"]+"/, '') }
}

const list = (who: Who, patientId: string) => call(who, 'GET', `/api/patients/${patientId}/documents`)
const content = (who: Who, id: string) => call(who, 'GET', `/api/documents/${id}/content`)
const review = (who: Who, id: string) =>
  call(who, 'POST', `/api/documents/${id}/review`, { status: 'verified' })

test('another patient and a clinician off the care team: 404, the same as a missing record', async () => {
  for (const who of ['otherPatient', 'outsider'] as const) {
    const missingPatient = await list(who, randomUUID())
    assert.equal(missingPatient.status, 404)
    assert.deepEqual(await list(who, v.patient.id), missingPatient, `${who}: list`)
    const missingDoc = await content(who, randomUUID())
    assert.equal(missingDoc.status, 404)
    assert.deepEqual(await content(who, own), missingDoc, `${who}: download`)
    assert.ok(!missingDoc.body.includes('Zebulon'))
    const before = await leftovers(v)
    const up = await upload(v, who, v.patient.id, { data: pdf() })
    assert.equal(up.statusCode, 404, `${who}: upload`)
    assert.deepEqual(await leftovers(v), before)
  }
  const outsiderReview = await review('outsider', own)
  assert.deepEqual(outsiderReview, await review('outsider', randomUUID()))
  assert.equal(outsiderReview.status, 404)
})

test('reception (no clinical access): 403 on every document route', async () => {
  assert.equal((await list('reception', v.patient.id)).status, 403)
  assert.equal((await content('reception', own)).status, 403)
  assert.equal((await review('reception', own)).status, 403)
  assert.equal((await upload(v, 'reception', v.patient.id, { data: pdf() })).statusCode, 403)
})

test('the patient and their clinician: allowed; a foreign patient id in the URL gives nothing away', async () => {
  assert.equal((await list('patient', v.patient.id)).status, 200)
  assert.equal((await list('clinician', v.patient.id)).status, 200)
  assert.equal((await download(v, 'clinician', own)).statusCode, 200)
  const theirs = await list('otherPatient', v.otherPatient.id)
  assert.equal(theirs.status, 200)
  assert.ok(!theirs.body.includes(own), "another patient's list never shows this document")
})

test('every refusal is audited as denied, naming the patient when the record exists', async () => {
  await v.t.ctx.audit.drain()
  const denied = await v.t.ctx.db
    .selectFrom('audit_event')
    .select(['action', 'outcome', 'actor_id'])
    .where('action', 'like', 'document.%')
    .where('outcome', '=', 'denied')
    .execute()
  assert.ok(denied.length >= 10)
  assert.ok(denied.every((e) => e.actor_id !== null))
})
