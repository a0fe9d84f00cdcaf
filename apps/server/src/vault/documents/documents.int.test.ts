// Upload, list, download and review, through the real routes: each accepted type round-trips, the
// bytes served are what was stored (metadata stripped), never inline, never cached; the review is
// what the patient sees and a FHIR DocumentReference the store validated.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { DocumentList, DocumentView } from '@tessera/contracts'
import { someAddress } from '../../testing/accounts.ts'
import { download, leftovers, upload, vaultTest, type VaultTest } from './document-test-kit.ts'
import { CAMERA_MARKER, GPS_MARKER, jpeg, pdf } from './test-files.ts'
import { heic, png } from './test-images.ts'
import { exifOrientation } from './upload/exif-orientation.ts'

let v: VaultTest
before(async () => {
  v = await vaultTest()
})
after(() => v.t.close())

const has = (b: Buffer, text: string) => b.includes(Buffer.from(text, 'latin1'))

const CASES = [
  {
    name: 'Summary of care.pdf',
    data: pdf({ padding: 200_000 }),
    type: 'application/pdf',
    saved: 'Summary of care.pdf',
  },
  {
    name: 'passport.jpg',
    data: jpeg({ xmp: true, comment: 'hello' }),
    type: 'image/jpeg',
    saved: 'passport.jpg',
  },
  { name: 'letter.png', data: png({ metadata: true }), type: 'image/png', saved: 'letter.png' },
  { name: 'IMG_0042.HEIC', data: heic(), type: 'image/heic', saved: 'IMG_0042.HEIC' },
]

test('each accepted type: upload (201), list, download the stored bytes as an attachment', async () => {
  for (const c of CASES) {
    const res = await upload(v, 'patient', v.patient.id, {
      data: c.data,
      filename: c.name,
      contentType: 'text/plain',
    })
    assert.equal(res.statusCode, 201, `${c.name}: ${res.body}`)
    const view = res.json<DocumentView>()
    assert.equal(view.contentType, c.type, 'the type comes from the bytes, not the declared text/plain')
    assert.equal(view.title, c.name)
    assert.equal(view.category, 'identity')
    assert.deepEqual(view.review, { status: 'received' })
    assert.equal(view.scan, 'not-scanned')
    assert.equal(view.uploadedBy.id, v.patient.id)
    const got = await download(v, 'patient', view.id)
    assert.equal(got.statusCode, 200)
    assert.equal(got.headers['content-type'], c.type)
    assert.equal(got.headers['x-content-type-options'], 'nosniff')
    assert.equal(got.headers['cache-control'], 'no-store')
    assert.match(
      String(got.headers['content-disposition']),
      /^attachment; filename="[^"]+"; filename\*=UTF-8''/,
    )
    assert.ok(
      String(got.headers['content-disposition']).includes(encodeURIComponent(c.saved).replace(/'/g, '%27')),
    )
    assert.equal(Number(got.headers['content-length']), view.size)
    assert.equal(got.rawPayload.length, view.size)
    if (c.type === 'application/pdf') assert.deepEqual(got.rawPayload, c.data, 'a PDF is stored as sent')
    else
      assert.ok(!has(got.rawPayload, GPS_MARKER) && !has(got.rawPayload, CAMERA_MARKER), `${c.name} stripped`)
  }
  const list = await v.t.app.inject({
    method: 'GET',
    url: `/api/patients/${v.patient.id}/documents`,
    remoteAddress: someAddress(),
    headers: { ...v.t.browserHeaders, cookie: v.cookie.clinician },
  })
  assert.equal(list.statusCode, 200)
  const titles = list.json<DocumentList>().documents.map((d) => d.title)
  assert.deepEqual(titles.sort(), CASES.map((c) => c.name).sort())
})

test('a JPEG with GPS Exif is served without it (only the orientation survives)', async () => {
  const original = jpeg({ xmp: true })
  assert.ok(has(original, GPS_MARKER))
  const res = await upload(v, 'clinician', v.patient.id, { data: original, filename: 'id.jpg' })
  assert.equal(res.statusCode, 201, res.body)
  const got = (await download(v, 'patient', res.json<DocumentView>().id)).rawPayload
  assert.ok(!has(got, GPS_MARKER) && !has(got, CAMERA_MARKER) && !has(got, 'xap/1.0'))
  assert.ok(!got.includes(Buffer.from([0x88, 0x25])), 'no GPSInfo tag')
  const exifAt = got.indexOf(Buffer.from('Exif\0\0', 'latin1'))
  assert.equal(exifOrientation(got.subarray(exifAt + 6)), 6)
  assert.equal(res.json<DocumentView>().uploadedBy.role, 'clinician')
})

test('review: a clinician verifies or asks for a re-upload; the patient sees it; FHIR has it', async () => {
  const created = await upload(v, 'patient', v.patient.id, { data: pdf(), filename: 'gp-letter.pdf' })
  const id = created.json<DocumentView>().id
  const review = (cookie: string, body: unknown) =>
    v.t.app.inject({
      method: 'POST',
      url: `/api/documents/${id}/review`,
      remoteAddress: someAddress(),
      headers: { ...v.t.browserHeaders, cookie },
      payload: body as object,
    })
  assert.equal(
    (await review(v.cookie.patient, { status: 'verified' })).statusCode,
    403,
    'patients cannot review',
  )
  assert.equal((await review(v.cookie.outsider, { status: 'verified' })).statusCode, 404, 'not their patient')
  const short = await review(v.cookie.clinician, { status: 'needs-reupload', reason: 'x' })
  assert.equal(short.statusCode, 400)
  const again = await review(v.cookie.clinician, {
    status: 'needs-reupload',
    reason: 'The photo is blurred.',
  })
  assert.equal(again.statusCode, 200, again.body)
  assert.equal(again.json<DocumentView>().review.reason, 'The photo is blurred.')
  const ok = await review(v.cookie.clinician, { status: 'verified' })
  const view = ok.json<DocumentView>()
  assert.equal(view.review.status, 'verified')
  assert.equal(view.review.reason, undefined)
  assert.deepEqual(view.review.reviewedBy, { id: v.clinician.id, displayName: 'Dr Vault Tester' })
  assert.equal(view.review.reviewedAt, v.t.clock.now().toISOString())
  const fhir = await v.t.app.inject({
    method: 'GET',
    url: `/fhir/R4/DocumentReference/${id}`,
    remoteAddress: someAddress(),
    headers: { ...v.t.browserHeaders, cookie: v.cookie.patient },
  })
  assert.equal(fhir.statusCode, 200, fhir.body)
  const resource = fhir.json<Record<string, unknown>>()
  assert.equal(resource['docStatus'], 'final')
  assert.equal((resource['authenticator'] as { display: string }).display, 'Dr Vault Tester')
  assert.equal(resource['meta'] && (resource['meta'] as { versionId: string }).versionId, '3')
  const attachment = (resource['content'] as Array<{ attachment: Record<string, unknown> }>)[0]!.attachment
  assert.deepEqual(attachment['url'], `/api/documents/${id}/content`)
  assert.equal(attachment['contentType'], 'application/pdf')
})

test('downloads, uploads and reviews are in the audit trail, naming the patient and the document', async () => {
  await v.t.ctx.audit.drain()
  const rows = await v.t.ctx.db
    .selectFrom('audit_event')
    .select(['action', 'patient_id', 'outcome'])
    .where('action', 'like', 'document.%')
    .execute()
  const actions = new Set(rows.map((r) => r.action))
  for (const a of ['document.upload', 'document.list', 'document.download', 'document.review'])
    assert.ok(actions.has(a), `${a} recorded`)
  assert.ok(rows.filter((r) => r.outcome === 'success').every((r) => r.patient_id === v.patient.id))
  assert.ok((await leftovers(v)).files >= CASES.length)
})
