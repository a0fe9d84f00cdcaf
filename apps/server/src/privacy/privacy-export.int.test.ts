// "Download all my data" over a real socket: the patient's record and documents in one ZIP whose
// Content-Length is exact; hostile and duplicate names come out as safe unique file names; another
// patient's record and documents are absent; staff are refused; the download is audited and listed
// for the patient; a missing document is listed, not fatal; a document failing part-way cuts the
// transfer (never a short ZIP reported as complete).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { unzip as unzipArchive } from '../testing/zip-reader.ts'
import type { DocumentView, PrivacyDownloads } from '@tessera/contracts'
import { createAccount, signIn, type TestAccount } from '../testing/accounts.ts'
import { upload, vaultTest, type VaultTest } from '../vault/documents/document-test-kit.ts'
import type { FsBlobStore } from '../vault/documents/fs-blob-store.ts'
import { pdf } from '../vault/documents/test-files.ts'
import { HEADER_SIZE, SEGMENT_SIZE } from '../vault/crypto/stream-format.ts'

let v: VaultTest
let base: string
before(async () => {
  v = await vaultTest()
  base = await v.t.app.listen({ port: 0, host: '127.0.0.1' })
})
after(() => v.t.close())

interface Fetched {
  status: number
  headers: Headers
  bytes: Buffer
  /** The connection was cut before the body ended. */
  cut: boolean
}

async function get(path: string, cookie: string | undefined): Promise<Fetched> {
  const res = await fetch(`${base}${path}`, {
    headers: { ...v.t.browserHeaders, ...(cookie ? { cookie } : {}) },
  })
  const parts: Buffer[] = []
  let cut = false
  try {
    for await (const chunk of res.body!) parts.push(Buffer.from(chunk))
  } catch {
    cut = true
  }
  return { status: res.status, headers: res.headers, bytes: Buffer.concat(parts), cut }
}

const unzip = (zip: Buffer) => unzipArchive(zip, { storedOnly: true })

async function uploaded(who: 'patient' | 'otherPatient', data: Buffer, filename: string): Promise<string> {
  const res = await upload(v, who, who === 'patient' ? v.patient.id : v.otherPatient.id, { data, filename })
  assert.equal(res.statusCode, 201, res.body)
  return res.json<DocumentView>().id
}

/** A clinician on the care team renames a document through the FHIR API (titles are not checked there). */
async function retitle(documentId: string, title: string): Promise<void> {
  const url = `/fhir/R4/DocumentReference/${documentId}`
  const headers = { ...v.t.browserHeaders, cookie: v.cookie.clinician }
  const read = await v.t.app.inject({ method: 'GET', url, headers })
  assert.equal(read.statusCode, 200, read.body)
  const resource = read.json<{ content: Array<{ attachment: { title: string } }> }>()
  resource.content[0]!.attachment.title = title
  const put = await v.t.app.inject({
    method: 'PUT',
    url,
    headers: {
      ...headers,
      'content-type': 'application/fhir+json',
      'if-match': String(read.headers['etag']),
    },
    payload: JSON.stringify(resource),
  })
  assert.equal(put.statusCode, 200, put.body)
}

const OTHER_CANARY = 'Zebediah-Quill-canary'
const summary = pdf({ text: 'Summary for the export', padding: 150_000 })
const letterOne = pdf({ text: 'First letter' })
const letterTwo = pdf({ text: 'Second letter' })
const ids = { summary: '', letterOne: '', letterTwo: '', other: '' }

test('setup: a hostile name is refused at upload, so a clinician sets one through the FHIR API', async () => {
  const refused = await upload(v, 'patient', v.patient.id, { data: letterOne, filename: '../../etc/passwd' })
  assert.equal(refused.statusCode, 400, 'the upload route refuses a path as a name')
  ids.summary = await uploaded('patient', summary, 'Summary of care.pdf')
  await retitle(ids.summary, '../../etc/passwd')
  ids.letterOne = await uploaded('patient', letterOne, 'letter.pdf')
  ids.letterTwo = await uploaded('patient', letterTwo, 'letter.pdf')
  ids.other = await uploaded('otherPatient', pdf({ text: OTHER_CANARY }), `${OTHER_CANARY}.pdf`)
})

test('the patient downloads one ZIP: record, documents byte for byte, README; exact Content-Length', async () => {
  const got = await get('/api/privacy/export', v.cookie.patient)
  assert.equal(got.status, 200, got.bytes.toString('utf8').slice(0, 300))
  assert.equal(got.cut, false)
  assert.equal(got.headers.get('content-type'), 'application/zip')
  assert.equal(Number(got.headers.get('content-length')), got.bytes.length, 'Content-Length = bytes received')
  assert.match(
    got.headers.get('content-disposition') ?? '',
    /^attachment; filename="tessera-my-data-\d{4}-\d{2}-\d{2}\.zip"; filename\*=UTF-8''tessera-my-data-\d{4}-\d{2}-\d{2}\.zip$/,
  )
  assert.equal(got.headers.get('cache-control'), 'no-store')

  const files = await unzip(got.bytes)
  assert.deepEqual(
    [...files.keys()].sort(),
    [
      'README.txt',
      'documents/etc_passwd.pdf',
      'documents/letter (2).pdf',
      'documents/letter.pdf',
      'record.fhir.json',
    ].sort(),
  )
  assert.deepEqual(files.get('documents/etc_passwd.pdf'), summary)
  const letters = [files.get('documents/letter.pdf'), files.get('documents/letter (2).pdf')]
  assert.ok(
    letters.some((l) => l?.equals(letterOne)) && letters.some((l) => l?.equals(letterTwo)),
    'both letters, byte for byte',
  )

  const bundle = JSON.parse(files.get('record.fhir.json')!.toString('utf8')) as {
    resourceType: string
    type: string
    entry: Array<{ resource: { resourceType: string; id: string } }>
  }
  assert.equal(bundle.resourceType, 'Bundle')
  const patients = bundle.entry.filter((e) => e.resource.resourceType === 'Patient').map((e) => e.resource.id)
  assert.deepEqual(patients, [v.patient.id], 'their own Patient, and no other')
  const references = bundle.entry
    .filter((e) => e.resource.resourceType === 'DocumentReference')
    .map((e) => e.resource.id)
    .sort()
  assert.deepEqual(references, [ids.summary, ids.letterOne, ids.letterTwo].sort())

  for (const needle of [v.otherPatient.id, ids.other, OTHER_CANARY, v.otherPatient.email]) {
    assert.ok(!got.bytes.includes(Buffer.from(needle)), `another patient's ${needle} is absent`)
  }
  const readme = files.get('README.txt')!.toString('utf8')
  assert.match(readme, /record\.fhir\.json/)
  assert.match(readme, /documents\/etc_passwd\.pdf/)
  assert.match(readme, /Original name: \.\.\/\.\.\/etc\/passwd/)
  assert.match(readme, /not encrypted/)
})

test('the download is one audit event, by the patient, and listed among their own downloads', async () => {
  const events = await v.t.ctx.db
    .selectFrom('audit_event')
    .select(['actor_id', 'actor_role', 'outcome', 'patient_id'])
    .where('action', '=', 'privacy.export')
    .execute()
  assert.deepEqual(events, [
    { actor_id: v.patient.id, actor_role: 'patient', outcome: 'success', patient_id: v.patient.id },
  ])
  const listed = await get('/api/privacy/downloads', v.cookie.patient)
  assert.equal(listed.status, 200)
  const body = JSON.parse(listed.bytes.toString('utf8')) as PrivacyDownloads
  assert.equal(body.downloads.length, 1)
  assert.equal(body.downloads[0]!.kind, 'all-data')
  assert.equal(body.downloads[0]!.byApp, false)
  const other = await get('/api/privacy/downloads', v.cookie.otherPatient)
  assert.deepEqual(JSON.parse(other.bytes.toString('utf8')), { downloads: [], truncated: false })
})

test('staff of every role are refused (403), without a session 401, and no parameter names another patient', async () => {
  const staff: Record<string, string> = {
    clinician: v.cookie.clinician,
    reception: v.cookie.reception,
  }
  for (const role of ['admin', 'pharmacist', 'privacy-officer'] as const) {
    staff[role] = await signIn(v.t, await createAccount(v.t, { role }))
  }
  for (const path of ['/api/privacy/export', '/api/privacy/downloads']) {
    for (const [role, cookie] of Object.entries(staff)) {
      const res = await get(path, cookie)
      assert.equal(res.status, 403, `${role} ${path}`)
      assert.ok(!res.bytes.includes(Buffer.from(v.patient.id)), `${role}: nothing of the patient`)
    }
    assert.equal((await get(path, undefined)).status, 401)
    const named = await get(`${path}?patientId=${v.otherPatient.id}`, v.cookie.patient)
    assert.equal(named.status, 400, 'an unknown parameter is refused, never used')
  }
})

const blobs = () => v.t.ctx.documents.deps.blobs as FsBlobStore

test('a document whose file is missing is listed in README.txt, the rest still download', async () => {
  const carol: TestAccount = await createAccount(v.t, { role: 'patient' })
  const cookie = await signIn(v.t, carol)
  const send = async (data: Buffer, filename: string) => {
    const saved = v.cookie.patient
    v.cookie.patient = cookie
    try {
      const res = await upload(v, 'patient', carol.id, { data, filename })
      assert.equal(res.statusCode, 201, res.body)
      return res.json<DocumentView>().id
    } finally {
      v.cookie.patient = saved
    }
  }
  const kept = pdf({ text: 'kept' })
  await send(kept, 'kept.pdf')
  const gone = await send(pdf({ text: 'gone' }), 'lost letter.pdf')
  renameSync(blobs().pathOf(gone), `${blobs().pathOf(gone)}.moved`)
  const got = await get('/api/privacy/export', cookie)
  assert.equal(got.status, 200)
  assert.equal(got.cut, false)
  const files = await unzip(got.bytes)
  assert.deepEqual(files.get('documents/kept.pdf'), kept)
  assert.ok(![...files.keys()].some((name) => name.includes('lost')))
  assert.match(files.get('README.txt')!.toString('utf8'), /NOT INCLUDED[\s\S]*lost letter\.pdf .*missing/)
  assert.ok(
    !v.t.logs.lines.some((line) => line.includes('lost letter')),
    'the log names the document by id only',
  )
})

/** A patient with one large document whose stored segment `segment` has a flipped bit. */
async function damagedPatient(segment: number): Promise<{ id: string; cookie: string }> {
  const patient = await createAccount(v.t, { role: 'patient' })
  const cookie = await signIn(v.t, patient)
  const saved = v.cookie.patient
  v.cookie.patient = cookie
  const res = await upload(v, 'patient', patient.id, {
    data: pdf({ padding: 16 * SEGMENT_SIZE }),
    filename: 'big.pdf',
  })
  v.cookie.patient = saved
  assert.equal(res.statusCode, 201, res.body)
  const path = blobs().pathOf(res.json<DocumentView>().id)
  const bytes = readFileSync(path)
  const at = HEADER_SIZE + segment * (SEGMENT_SIZE + 16) + 100
  bytes[at] = bytes[at]! ^ 0x01
  writeFileSync(path, bytes)
  return { id: patient.id, cookie }
}

test('a document failing part-way cuts the transfer: fewer bytes than Content-Length, a failure event', async () => {
  // Deep in the file: the response has started long before the damaged segment is read.
  const patient = await damagedPatient(14)
  const got = await get('/api/privacy/export', patient.cookie)
  assert.equal(got.status, 200, 'headers were sent before the damaged segment was reached')
  assert.equal(got.cut, true, 'the transfer was cut')
  assert.ok(got.bytes.length < Number(got.headers.get('content-length')))
  await assert.rejects(unzip(got.bytes), 'what arrived is not a complete archive')
  await v.t.ctx.audit.drain()
  const events = await v.t.ctx.db
    .selectFrom('audit_event')
    .select(['outcome'])
    .where('action', '=', 'privacy.export')
    .where('patient_id', '=', patient.id)
    .orderBy('id')
    .execute()
  assert.deepEqual(
    events.map((e) => e.outcome),
    ['success', 'failure'],
    'the start, then the failure',
  )
})

test('a document failing early: an error status or a cut transfer, never a complete download', async () => {
  const patient = await damagedPatient(1)
  const got = await get('/api/privacy/export', patient.cookie)
  assert.ok(got.status >= 500 || got.cut, `status ${got.status}, cut ${got.cut}`)
  if (got.status === 200) assert.ok(got.bytes.length < Number(got.headers.get('content-length')))
  else assert.ok(!got.bytes.includes(Buffer.from('%PDF')), 'no document bytes in the error')
})

test('the patient cancelling part-way is not a failure: no failure event, the server carries on', async () => {
  const patient = await createAccount(v.t, { role: 'patient' })
  const cookie = await signIn(v.t, patient)
  const saved = v.cookie.patient
  v.cookie.patient = cookie
  const big = await upload(v, 'patient', patient.id, {
    data: pdf({ padding: 16 * SEGMENT_SIZE }),
    filename: 'big.pdf',
  })
  v.cookie.patient = saved
  assert.equal(big.statusCode, 201, big.body)
  const failuresLogged = () => v.t.logs.lines.filter((line) => line.includes('failed part-way')).length
  const failuresBefore = failuresLogged()
  const abort = new AbortController()
  const res = await fetch(`${base}/api/privacy/export`, {
    headers: { ...v.t.browserHeaders, cookie },
    signal: abort.signal,
  })
  assert.equal(res.status, 200)
  const reader = res.body!.getReader()
  await reader.read()
  abort.abort()
  await reader.read().catch(() => undefined)
  await new Promise((resolve) => setTimeout(resolve, 300))
  await v.t.ctx.audit.drain()
  const events = await v.t.ctx.db
    .selectFrom('audit_event')
    .select(['outcome'])
    .where('action', '=', 'privacy.export')
    .where('patient_id', '=', patient.id)
    .execute()
  assert.deepEqual(
    events.map((e) => e.outcome),
    ['success'],
  )
  assert.equal(failuresLogged(), failuresBefore, 'no failure logged')
  assert.equal((await get('/api/privacy/downloads', cookie)).status, 200, 'the server still answers')
})
