// The document stream as a reader or an attacker meets it (S27, S29): round trips at every size
// boundary and chunking, and every tampering (flipped bits, truncation, trailing data, reordering,
// segments moved between documents or patients) failing closed with nothing unverified served.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { VaultIntegrityError } from './errors.ts'
import {
  HEADER_SIZE,
  SEGMENT_SIZE,
  ciphertextSize,
  parseStreamHeader,
  plaintextSize,
} from './stream-format.ts'
import { makeDoc, open, type Doc, type Served } from './stream-test-kit.ts'

const SEG = SEGMENT_SIZE + 16

function assertFailsClosed(result: Served, doc: Doc, what: string): void {
  assert.ok(result.error instanceof VaultIntegrityError, `${what}: fails with VaultIntegrityError`)
  // Whatever was served before the failure is verified plaintext: a prefix of the original.
  assert.ok(result.served.equals(doc.plaintext.subarray(0, result.served.length)), `${what}: no bad byte`)
}

test('round trip at every size boundary, with stored size = ciphertextSize()', async () => {
  const S = SEGMENT_SIZE
  for (const size of [0, 1, 15, 16, 17, S - 1, S, S + 1, 2 * S, 2 * S + 1, 3 * S + 12345]) {
    const doc = await makeDoc(size)
    assert.equal(doc.stored.length, ciphertextSize(size), `size ${size}`)
    assert.equal(plaintextSize(doc.stored.length), size)
    for (const chunk of [1 + (size % 7), 4096, SEG, SEG + 1, 1 << 20]) {
      if (chunk === 1 && size > S) continue
      const { served, error } = await open(doc, doc.stored, {}, chunk)
      assert.equal(error, undefined, `size ${size} chunk ${chunk}`)
      assert.ok(served.equals(doc.plaintext), `size ${size} chunk ${chunk}`)
    }
  }
})

test('the header carries format, key version, document id and segment size', async () => {
  const doc = await makeDoc(10)
  assert.deepEqual(parseStreamHeader(doc.stored), {
    formatVersion: 1,
    keyVersion: 3,
    documentId: doc.documentId,
    segmentSize: SEGMENT_SIZE,
  })
  assert.equal(doc.stored.subarray(0, 4).toString('latin1'), 'TVLT')
  assert.throws(() => plaintextSize(HEADER_SIZE + SEG + 3), VaultIntegrityError)
})

test('S27: every flipped bit of a small-segment stream fails closed (header, bodies, tags)', async () => {
  const doc = await makeDoc(300, { segmentSize: 64 })
  for (let bit = 0; bit < doc.stored.length * 8; bit++) {
    const bad = Buffer.from(doc.stored)
    bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7))
    assertFailsClosed(await open(doc, bad), doc, `bit ${bit}`)
  }
})

test('S27: flipped bits in 64 KiB segments fail closed; earlier verified segments may be served', async () => {
  const doc = await makeDoc(3 * SEGMENT_SIZE + 999)
  const positions = [0, 5, 6, 13, 20, 33, HEADER_SIZE, HEADER_SIZE + 1]
  for (let s = 0; s < 4; s++) {
    const start = HEADER_SIZE + s * SEG
    const end = Math.min(start + SEG, doc.stored.length)
    positions.push(start, Math.min(start + 7777, end - 20), end - 17, end - 16, end - 1)
  }
  for (const at of positions) {
    const bad = Buffer.from(doc.stored)
    bad[at] = (bad[at] as number) ^ 0x80
    const result = await open(doc, bad)
    assertFailsClosed(result, doc, `byte ${at}`)
    assert.ok(result.served.length <= Math.max(0, at - HEADER_SIZE), 'nothing from the bad segment on')
  }
})

test('S27: truncation anywhere fails closed, segment boundaries and the header included', async () => {
  const small = await makeDoc(200, { segmentSize: 32 })
  for (let length = 0; length < small.stored.length; length++) {
    assertFailsClosed(await open(small, small.stored.subarray(0, length)), small, `cut at ${length}`)
  }
  const big = await makeDoc(2 * SEGMENT_SIZE)
  for (const length of [HEADER_SIZE, HEADER_SIZE + SEG, HEADER_SIZE + SEG - 1, big.stored.length - 1]) {
    assertFailsClosed(await open(big, big.stored.subarray(0, length)), big, `cut at ${length}`)
  }
})

test('trailing data, dropped, repeated or reordered segments are all detected', async () => {
  const doc = await makeDoc(4 * 32 + 10, { segmentSize: 32 })
  const header = doc.stored.subarray(0, HEADER_SIZE)
  const segs = Array.from({ length: 5 }, (_, i) =>
    doc.stored.subarray(HEADER_SIZE + i * 48, HEADER_SIZE + (i + 1) * 48),
  )
  const cases: Record<string, Buffer[]> = {
    'one byte appended': [doc.stored, Buffer.from([0])],
    'a segment appended': [doc.stored, segs[1] as Buffer],
    'middle segment dropped': [header, ...segs.filter((_, i) => i !== 2)],
    'segments 1 and 2 swapped': [header, segs[0], segs[2], segs[1], segs[3], segs[4]] as Buffer[],
    'segment repeated': [header, segs[0], segs[0], segs[1], segs[2], segs[3], segs[4]] as Buffer[],
    'last segment dropped': [header, ...segs.slice(0, 4)],
  }
  for (const [name, parts] of Object.entries(cases)) {
    assertFailsClosed(await open(doc, Buffer.concat(parts)), doc, name)
  }
})

test('S29: segments moved between documents or patients fail, even under the same data key', async () => {
  const key = randomBytes(32)
  const patientId = randomUUID()
  const a = await makeDoc(100, { key, patientId, segmentSize: 32 })
  const b = await makeDoc(100, { key, patientId, segmentSize: 32 })
  // b's second segment placed into a (same position, same key, same patient).
  const spliced = Buffer.from(a.stored)
  b.stored.copy(spliced, HEADER_SIZE + 48, HEADER_SIZE + 48, HEADER_SIZE + 96)
  assertFailsClosed(await open(a, spliced), a, 'segment from another document')
  // b's whole stream read as a: the header names b.
  assertFailsClosed(await open(a, b.stored), a, 'document swapped')
  // Read as another document id or patient (the row's AAD): fails.
  assertFailsClosed(await open(a, a.stored, { documentId: randomUUID() }), a, 'other document id')
  assertFailsClosed(await open(a, a.stored, { patientId: randomUUID() }), a, 'other patient')
  assertFailsClosed(await open(a, a.stored, { key: randomBytes(32) }), a, 'other key')
})
