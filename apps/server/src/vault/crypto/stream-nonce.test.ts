// S29: no key/nonce pair repeats over 10^6 segment encryptions, counted at the cipher itself (every
// createCipheriv call the stream makes is recorded), in the worst case of one data key reused for
// a thousand documents; and the stored bytes follow the layout vault/README.md documents.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import crypto, { randomBytes, randomUUID } from 'node:crypto'
import { syncBuiltinESMExports } from 'node:module'
import { gcmEncrypt } from './aead.ts'
import { encryptStream } from './stream-format.ts'
import { makeDoc, through } from './stream-test-kit.ts'

test('S29: 0 repeated nonces under one key over 10^6 segments (1000 documents x 1000 segments)', async () => {
  const original = crypto.createCipheriv
  const seen = new Set<string>()
  let calls = 0
  const spy = (...args: Parameters<typeof original>) => {
    calls++
    seen.add((args[2] as Buffer).toString('latin1'))
    return original(...args)
  }
  crypto.createCipheriv = spy as typeof original
  syncBuiltinESMExports()
  try {
    const key = randomBytes(32)
    const patientId = randomUUID()
    const plaintext = randomBytes(1000 * 16)
    for (let d = 0; d < 1000; d++) {
      const stream = encryptStream({
        key,
        documentId: randomUUID(),
        patientId,
        keyVersion: 1,
        segmentSize: 16,
      })
      const { error } = await through(stream, plaintext, 1 << 20)
      assert.equal(error, undefined)
    }
  } finally {
    crypto.createCipheriv = original
    syncBuiltinESMExports()
  }
  assert.equal(calls, 1_000_000)
  assert.equal(seen.size, 1_000_000, 'every segment got its own nonce')
})

test('stored bytes match the documented layout: header, then nonce = prefix|counter|last, AAD', async () => {
  const doc = await makeDoc(40, { segmentSize: 32 })
  const header = doc.stored.subarray(0, 37)
  const expectedHeader = Buffer.concat([
    Buffer.from('TVLT', 'latin1'),
    Buffer.from([1, 37, 0, 0, 0, 3, 0, 0, 0, 32]),
    Buffer.from(doc.documentId.replace(/-/g, ''), 'hex'),
    header.subarray(30, 37),
  ])
  assert.deepEqual(header, expectedHeader)
  const patient = Buffer.from(doc.patientId, 'utf8')
  const segment = (index: number, last: boolean, plain: Buffer) => {
    const nonce = Buffer.concat([header.subarray(30, 37), Buffer.from([0, 0, 0, index, last ? 1 : 0])])
    const aad = Buffer.concat([
      header,
      Buffer.from([0, patient.length]),
      patient,
      Buffer.from([0, 0, 0, index, last ? 1 : 0]),
    ])
    const { ciphertext, tag } = gcmEncrypt(doc.key, nonce, plain, aad)
    return Buffer.concat([ciphertext, tag])
  }
  const expected = Buffer.concat([
    header,
    segment(0, false, doc.plaintext.subarray(0, 32)),
    segment(1, true, doc.plaintext.subarray(32)),
  ])
  assert.deepEqual(doc.stored, expected)
})
