// S35 through the real route: every hostile upload is refused with a clear message, and nothing of
// it is kept (no document row, no DocumentReference, no blob, no temporary file).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { gzipSync } from 'node:zlib'
import { someAddress } from '../../testing/accounts.ts'
import {
  leftovers,
  multipartBody,
  upload,
  vaultTest,
  type VaultTest,
  type FilePart,
} from './document-test-kit.ts'
import { jpeg, pdf } from './test-files.ts'
import { heic, png } from './test-images.ts'

const LIMIT = 256 * 1024
let v: VaultTest
before(async () => {
  v = await vaultTest({ uploadMaxBytes: LIMIT })
})
after(() => v.t.close())

const ZIP = Buffer.concat([
  Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00', 'latin1'),
  Buffer.alloc(200, 0x41),
])

async function refused(
  file: FilePart | null,
  status: number,
  message: RegExp,
  fields?: Array<[string, string]>,
) {
  const before = await leftovers(v)
  const res = await upload(v, 'patient', v.patient.id, file, fields)
  assert.equal(res.statusCode, status, `${file?.filename}: ${res.body}`)
  const body = res.json<{ error: { message: string } }>()
  assert.match(body.error.message, message, file?.filename)
  assert.deepEqual(await leftovers(v), before, `${file?.filename}: nothing left behind`)
  return body
}

test('wrong magic bytes, whatever the name and declared type: 415 naming what was found', async () => {
  await refused(
    {
      data: Buffer.from('<html><script>alert(1)</script></html>'),
      filename: 'scan.png',
      contentType: 'image/png',
    },
    415,
    /an HTML document \(it was labelled image\/png/,
  )
  await refused({ data: ZIP, filename: 'records.pdf', contentType: 'application/pdf' }, 415, /a ZIP archive/)
  await refused({ data: gzipSync(Buffer.alloc(1_000_000)), filename: 'bomb.pdf' }, 415, /gzip archive/)
  await refused(
    { data: Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), filename: 'x.jpg' },
    415,
    /a GIF image/,
  )
  await refused(
    { data: Buffer.from('MZ\x90\x00\x03'), filename: 'photo.jpeg', contentType: 'image/jpeg' },
    415,
    /a Windows program/,
  )
  await refused({ data: Buffer.from('hello'), filename: 'a.pdf' }, 415, /plain text/)
})

test('names: traversal and program types are refused, even with valid content', async () => {
  await refused({ data: pdf(), filename: '../../../etc/cron.d/evil.pdf' }, 400, /folder path/)
  await refused({ data: pdf(), filename: '..\\..\\boot.ini.pdf' }, 400, /folder path/)
  await refused({ data: pdf(), filename: 'report.pdf.exe' }, 400, /"\.exe"/)
  await refused({ data: Buffer.from('MZ\x90\x00'), filename: 'invoice.pdf.exe' }, 400, /"\.exe"/)
  await refused({ data: jpeg(), filename: 'photo.jpg.html' }, 400, /"\.html"/)
})

test('polyglots: an accepted file carrying a script, a ZIP or HTML is refused', async () => {
  await refused({ data: png({ trailing: ZIP }), filename: 'x.png' }, 415, /hidden after the end/)
  await refused(
    { data: jpeg({ trailing: Buffer.from('<script>alert(1)</script>') }), filename: 'x.jpg' },
    415,
    /hidden after/,
  )
  await refused({ data: heic({ trailing: ZIP }), filename: 'x.heic' }, 415, /hidden after/)
  await refused({ data: pdf({ trailing: ZIP }), filename: 'x.pdf' }, 415, /hidden after its end/)
  await refused(
    { data: pdf({ objects: ['<< /OpenAction << /S /JavaScript /JS (app.launchURL("x")) >> >>'] }) },
    415,
    /JavaScript/,
  )
  await refused({ data: pdf({ compressed: ['<< /S /JavaScript /JS 12 0 R >>'] }) }, 415, /JavaScript/)
  await refused({ data: pdf({ objects: ['<< /Type /EmbeddedFile /Length 0 >>'] }) }, 415, /embedded files/)
})

test('empty, oversize (declared and streamed), missing parts: clear errors, nothing kept', async () => {
  await refused({ data: Buffer.alloc(0), filename: 'empty.pdf' }, 400, /empty/)
  await refused(
    { data: pdf({ padding: LIMIT + 10 }), filename: 'big.pdf' },
    413,
    /larger than the 256 KB limit/,
  )
  await refused(null, 400, /Choose a file/)
  await refused({ data: pdf() }, 400, /"category" field before the file/, [])
  await refused({ data: pdf() }, 400, /kind of document/, [['category', 'secret']])
  await refused({ data: pdf() }, 400, /unknown field "note"/, [['note', 'hi']])
  const extra = await upload(v, 'patient', v.patient.id, { data: pdf() }, undefined, [
    ['note', 'after the file'],
  ])
  assert.equal(extra.statusCode, 400, 'a part after the file: the stored file is discarded')
  assert.deepEqual(await leftovers(v), { rows: 0, references: 0, files: 0 })
  // A body under the declared-size check that grows past the limit while streaming (no Content-Length).
  const big = multipartBody({ data: pdf({ padding: LIMIT * 2 }), filename: 'big.pdf' })
  const before = await leftovers(v)
  const { Readable } = await import('node:stream')
  const res = await v.t.app.inject({
    method: 'POST',
    url: `/api/patients/${v.patient.id}/documents`,
    remoteAddress: someAddress(),
    headers: { ...v.t.browserHeaders, cookie: v.cookie.patient, 'content-type': big.contentType },
    payload: Readable.from([big.payload.subarray(0, 1000), big.payload.subarray(1000)]),
  })
  assert.equal(res.statusCode, 413, res.body)
  assert.deepEqual(await leftovers(v), before)
  const json = await v.t.app.inject({
    method: 'POST',
    url: `/api/patients/${v.patient.id}/documents`,
    remoteAddress: someAddress(),
    headers: { ...v.t.browserHeaders, cookie: v.cookie.patient },
    payload: { category: 'identity' },
  })
  assert.equal(json.statusCode, 415)
  assert.match(json.json<{ error: { message: string } }>().error.message, /multipart\/form-data/)
})

test('over a real socket, a client still sending gets the refusal, not a reset connection', async () => {
  const base = await v.t.app.listen({ port: 0, host: '127.0.0.1' })
  const cases: Array<[Buffer, string, number]> = [
    [Buffer.concat([ZIP, Buffer.alloc(LIMIT / 2, 1)]), 'x.pdf', 415],
    [pdf({ padding: LIMIT * 4 }), 'x.pdf', 413],
    [pdf({ padding: LIMIT / 2 }), 'x.pdf.exe', 400],
  ]
  for (const [data, filename, status] of cases) {
    const form = multipartBody({ data, filename })
    const res = await fetch(`${base}/api/patients/${v.patient.id}/documents`, {
      method: 'POST',
      headers: { ...v.t.browserHeaders, cookie: v.cookie.patient, 'content-type': form.contentType },
      body: form.payload,
    })
    assert.equal(res.status, status)
    assert.ok(((await res.json()) as { error: { message: string } }).error.message.length > 20)
  }
  assert.deepEqual(await leftovers(v), { rows: 0, references: 0, files: 0 })
})
