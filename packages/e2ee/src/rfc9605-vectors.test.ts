// Every entry of the shared RFC 9605 vector file: header encodings, the AES-CTR+HMAC AEAD vectors
// and the full SFrame vectors (key schedule, nonce, AAD, ciphertext), in both directions.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { aeadOpen, aeadSeal, importAeadKey } from './aead.ts'
import { bytesToHex, concat, hexToBytes } from './bytes.ts'
import { isE2eeError } from './errors.ts'
import { FrameKey, deriveKeySalt, sframeLabels, xorNonce } from './frame-key.ts'
import { decodeHeader, encodeHeader } from './header.ts'
import { isCipherSuiteId, suiteParams } from './suites.ts'
import { loadRfc9605Vectors, type AeadVector } from './test-vectors.ts'

const { vectors, entryCount } = loadRfc9605Vectors()
const checked = { header: 0, aead: 0, sframe: 0 }

test('header vectors: encode and decode every (KID, CTR)', () => {
  assert.ok(vectors.header.length > 0)
  for (const v of vectors.header) {
    assert.equal(bytesToHex(encodeHeader(v.kid, v.ctr)), v.encoded, `encode kid=${v.kid} ctr=${v.ctr}`)
    const parsed = decodeHeader(concat(hexToBytes(v.encoded), hexToBytes('deadbeef')))
    assert.equal(parsed.kid, v.kid)
    assert.equal(parsed.ctr, v.ctr)
    assert.equal(parsed.length, v.encoded.length / 2)
    checked.header++
  }
})

async function checkAead(v: AeadVector): Promise<void> {
  assert.ok(isCipherSuiteId(v.cipher_suite), `suite ${v.cipher_suite}`)
  const suite = suiteParams(v.cipher_suite)
  const key = hexToBytes(v.key)
  assert.equal(bytesToHex(key.subarray(0, suite.nka)), v.enc_key)
  assert.equal(bytesToHex(key.subarray(suite.nka)), v.auth_key)
  const k = await importAeadKey(v.cipher_suite, key)
  const nonce = hexToBytes(v.nonce)
  const aad = hexToBytes(v.aad)
  const ct = await aeadSeal(k, nonce, aad, hexToBytes(v.pt))
  assert.equal(bytesToHex(ct), v.ct, `seal suite ${v.cipher_suite}`)
  assert.equal(bytesToHex(await aeadOpen(k, nonce, aad, hexToBytes(v.ct))), v.pt)
  const forged = hexToBytes(v.ct)
  forged[forged.length - 1] = (forged[forged.length - 1] ?? 0) ^ 1
  await assert.rejects(aeadOpen(k, nonce, aad, forged), (e) => isE2eeError(e, 'auth-failed'))
}

test('AES-CTR + HMAC AEAD vectors (suites 1-3 and the 6-8 extension)', async () => {
  const all = [...vectors.aes_ctr_hmac, ...vectors.aes_256_ctr_hmac]
  assert.ok(all.length > 0)
  for (const v of all) {
    await checkAead(v)
    checked.aead++
  }
})

test('full SFrame vectors: key schedule, nonce, AAD, encrypt and decrypt', async () => {
  assert.ok(vectors.sframe.length > 0)
  for (const v of vectors.sframe) {
    assert.ok(isCipherSuiteId(v.cipher_suite))
    const baseKey = hexToBytes(v.base_key)
    const labels = sframeLabels(v.cipher_suite, v.kid)
    assert.equal(bytesToHex(labels.keyLabel), v.sframe_key_label)
    assert.equal(bytesToHex(labels.saltLabel), v.sframe_salt_label)
    const derived = await deriveKeySalt(v.cipher_suite, v.kid, baseKey)
    assert.equal(bytesToHex(derived.secret), v.sframe_secret)
    assert.equal(bytesToHex(derived.key), v.sframe_key)
    assert.equal(bytesToHex(derived.salt), v.sframe_salt)
    assert.equal(bytesToHex(xorNonce(derived.salt, v.ctr)), v.nonce)
    const metadata = hexToBytes(v.metadata)
    assert.equal(bytesToHex(concat(encodeHeader(v.kid, v.ctr), metadata)), v.aad)

    const fk = await FrameKey.derive(v.cipher_suite, v.kid, baseKey)
    assert.equal(
      bytesToHex(await fk.seal(v.ctr, hexToBytes(v.pt), metadata)),
      v.ct,
      `suite ${v.cipher_suite}`,
    )
    const frame = hexToBytes(v.ct)
    const header = decodeHeader(frame)
    assert.equal(header.kid, v.kid)
    assert.equal(header.ctr, v.ctr)
    assert.equal(bytesToHex(await fk.open(header, frame, metadata)), v.pt)
    // the metadata is authenticated: other metadata must not decrypt
    await assert.rejects(fk.open(header, frame, hexToBytes('00')), (e) => isE2eeError(e, 'auth-failed'))
    checked.sframe++
  }
})

test('every entry of the vector file was checked', (t) => {
  const total = checked.header + checked.aead + checked.sframe
  t.diagnostic(
    `checked ${total} of ${entryCount} vectors: ${checked.header} header, ${checked.aead} AEAD, ${checked.sframe} SFrame`,
  )
  assert.equal(total, entryCount)
})
