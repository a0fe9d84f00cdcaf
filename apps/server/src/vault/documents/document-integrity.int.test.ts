// S27 over a real socket: a flipped bit or a cut anywhere in a stored document fails closed. A
// failure in the first segment is a clear JSON error before any byte; a later one cuts the
// connection after the verified segments before it: never a byte of a bad segment.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, renameSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs'
import type { DocumentView } from '@tessera/contracts'
import { SEGMENT_SIZE, HEADER_SIZE } from '../crypto/stream-format.ts'
import { upload, vaultTest, type VaultTest } from './document-test-kit.ts'
import type { FsBlobStore } from './fs-blob-store.ts'
import { pdf } from './test-files.ts'

let v: VaultTest
let base: string
before(async () => {
  v = await vaultTest()
  base = await v.t.app.listen({ port: 0, host: '127.0.0.1' })
})
after(() => v.t.close())

const blobs = () => v.t.ctx.documents.deps.blobs as FsBlobStore
const SEGMENT = SEGMENT_SIZE + 16

async function stored(data: Buffer): Promise<{ id: string; path: string }> {
  const res = await upload(v, 'patient', v.patient.id, { data, filename: 'big.pdf' })
  assert.equal(res.statusCode, 201, res.body)
  const id = res.json<DocumentView>().id
  return { id, path: blobs().pathOf(id) }
}

/** Fetches the content over HTTP; returns the status and every byte received before any cut. */
async function fetchContent(
  id: string,
): Promise<{ status: number; bytes: Buffer; cut: boolean; json?: unknown }> {
  const res = await fetch(`${base}/api/documents/${id}/content`, { headers: { cookie: v.cookie.patient } })
  if (res.headers.get('content-type')?.startsWith('application/json'))
    return { status: res.status, bytes: Buffer.alloc(0), cut: false, json: await res.json() }
  const parts: Buffer[] = []
  let cut = false
  try {
    for await (const chunk of res.body!) parts.push(Buffer.from(chunk))
  } catch {
    cut = true
  }
  return { status: res.status, bytes: Buffer.concat(parts), cut }
}

function flipBit(path: string, at: number): void {
  const bytes = readFileSync(path)
  bytes[at] = bytes[at]! ^ 0x01
  writeFileSync(path, bytes)
}

const original = pdf({ padding: 5 * SEGMENT_SIZE })

test('intact: every byte, verified', async () => {
  const { id } = await stored(original)
  const got = await fetchContent(id)
  assert.equal(got.status, 200)
  assert.equal(got.cut, false)
  assert.deepEqual(got.bytes, original)
})

test('a flipped bit in the header or the first segment: a clear 500 before any byte', async () => {
  for (const at of [5, HEADER_SIZE + 10, HEADER_SIZE + SEGMENT - 1]) {
    const { id, path } = await stored(original)
    flipBit(path, at)
    const got = await fetchContent(id)
    assert.equal(got.status, 500)
    assert.equal(got.bytes.length, 0)
    assert.match((got.json as { error: { message: string } }).error.message, /failed its integrity check/)
  }
})

test('a flipped bit in a later segment: the connection is cut, no byte of a bad segment sent', async () => {
  for (const segment of [1, 2, 4, 5]) {
    const { id, path } = await stored(original)
    flipBit(path, HEADER_SIZE + segment * SEGMENT + 100)
    const got = await fetchContent(id)
    // The last piece read is held back until the next one verified: segment 1 fails before any byte.
    if (segment === 1) assert.equal(got.status, 500)
    else assert.equal(got.cut, true, `segment ${segment}: the transfer was cut`)
    assert.ok(got.bytes.length < original.length)
    assert.ok(
      got.bytes.length <= segment * SEGMENT_SIZE,
      `segment ${segment}: nothing past the good segments`,
    )
    assert.deepEqual(got.bytes, original.subarray(0, got.bytes.length), 'what was sent is genuine')
  }
})

test('truncated, extended, swapped or missing blobs fail closed', async () => {
  const a = await stored(original)
  truncateSync(a.path, readFileSync(a.path).length - 100)
  const cutShort = await fetchContent(a.id)
  assert.ok(cutShort.cut || cutShort.status === 500)
  assert.ok(cutShort.bytes.length < original.length)
  assert.deepEqual(cutShort.bytes, original.subarray(0, cutShort.bytes.length))

  const b = await stored(original)
  writeFileSync(b.path, Buffer.concat([readFileSync(b.path), Buffer.from('more')]))
  const longer = await fetchContent(b.id)
  assert.ok(longer.cut || longer.status === 500)
  assert.ok(longer.bytes.length < original.length)

  const small = await stored(pdf({ text: 'one' }))
  const other = await stored(pdf({ text: 'two' }))
  copyFileSync(other.path, small.path)
  assert.equal((await fetchContent(small.id)).status, 500, 'another document s ciphertext does not open here')

  const gone = await stored(pdf())
  renameSync(gone.path, `${gone.path}.moved`)
  const missing = await fetchContent(gone.id)
  assert.equal(missing.status, 500)
  assert.match((missing.json as { error: { message: string } }).error.message, /is missing/)
})

test('a document whose patient key was erased answers 410', async () => {
  const { id } = await stored(pdf())
  await v.t.ctx.vault.erasePatientKey(v.patient.id)
  const got = await fetchContent(id)
  assert.equal(got.status, 410)
  assert.match((got.json as { error: { message: string } }).error.message, /erased/)
})
