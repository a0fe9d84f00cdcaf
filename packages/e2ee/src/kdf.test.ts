// HKDF (noble) against RFC 5869's first test case and against node:crypto, including the short-PRK
// expansion of the chat key (E2EE.md section 6), whose output must stay exactly RFC 5869's.

import assert from 'node:assert/strict'
import { createHmac, hkdfSync } from 'node:crypto'
import { test } from 'node:test'
import { bytesToHex, concat, hexToBytes, randomBytes, utf8 } from './bytes.ts'
import { isE2eeError } from './errors.ts'
import { hkdf, hkdfExpand, hkdfExtract } from './kdf.ts'

test('RFC 5869 test case 1 (HKDF-SHA-256)', async () => {
  const ikm = new Uint8Array(22).fill(0x0b)
  const salt = hexToBytes('000102030405060708090a0b0c')
  const info = hexToBytes('f0f1f2f3f4f5f6f7f8f9')
  const prk = await hkdfExtract('SHA-256', salt, ikm)
  assert.equal(bytesToHex(prk), '077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5')
  const okm = '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865'
  assert.equal(bytesToHex(await hkdfExpand('SHA-256', prk, info, 42)), okm)
  assert.equal(bytesToHex(await hkdf('SHA-256', ikm, salt, info, 42)), okm)
})

test('HKDF matches node:crypto for both hashes, empty and non-empty salts, 1 and 3 blocks', async () => {
  for (const hash of ['SHA-256', 'SHA-512'] as const) {
    for (const salt of [new Uint8Array(0), randomBytes(16)]) {
      for (const length of [16, 150]) {
        const ikm = randomBytes(32)
        const info = randomBytes(10)
        const expected = new Uint8Array(
          hkdfSync(hash.replace('-', '').toLowerCase(), ikm, salt, info, length),
        )
        assert.equal(bytesToHex(await hkdf(hash, ikm, salt, info, length)), bytesToHex(expected))
      }
    }
  }
})

test('Expand with a PRK shorter than HashLen equals plain HMAC-based RFC 5869 Expand', async () => {
  // T(1) = HMAC(PRK, info | 01), T(2) = HMAC(PRK, T(1) | info | 02), computed with node:crypto
  const reference = (alg: string, prk: Uint8Array, info: Uint8Array, length: number) => {
    let t: Uint8Array = new Uint8Array(0)
    let out: Uint8Array = new Uint8Array(0)
    for (let i = 1; out.length < length; i++) {
      t = createHmac(alg, prk)
        .update(concat(t, info, new Uint8Array([i])))
        .digest()
      out = concat(out, t)
    }
    return bytesToHex(out.subarray(0, length))
  }
  const info = utf8('TH chat v1')
  for (const prk of [randomBytes(16), randomBytes(32), randomBytes(63)]) {
    for (const length of [64, 100]) {
      assert.equal(
        bytesToHex(await hkdfExpand('SHA-512', prk, info, length)),
        reference('sha512', prk, info, length),
      )
    }
  }
  const prk = randomBytes(16)
  assert.equal(bytesToHex(await hkdfExpand('SHA-256', prk, info, 32)), reference('sha256', prk, info, 32))
  // lengths outside RFC 5869's range and an empty PRK are refused
  await assert.rejects(hkdfExpand('SHA-256', randomBytes(32), info, 0), (e) =>
    isE2eeError(e, 'invalid-argument'),
  )
  await assert.rejects(hkdfExpand('SHA-256', randomBytes(32), info, 255 * 32 + 1), (e) =>
    isE2eeError(e, 'invalid-argument'),
  )
  await assert.rejects(hkdfExpand('SHA-512', new Uint8Array(0), info, 64), (e) =>
    isE2eeError(e, 'invalid-argument'),
  )
})
