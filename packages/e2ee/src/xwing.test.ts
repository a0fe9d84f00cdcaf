// X-Wing: the draft's known-answer vectors through @noble/post-quantum (directly and through the
// package's provider), round trips, rejection of bad keys and ciphertexts, and provider selection.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { shake128 } from '@noble/hashes/sha3.js'
import { ml_kem768_x25519 } from '@noble/post-quantum/hybrid.js'
import { bytesToHex, equalBytes, hexToBytes, randomBytes } from './bytes.ts'
import { isE2eeError } from './errors.ts'
import {
  nobleXWing,
  selectXWing,
  XWING_CT_LENGTH,
  XWING_PK_LENGTH,
  type KemSubtle,
  type NobleXWingLike,
} from './xwing.ts'

interface Kat {
  sk: string
  pk: string
  eseed: string
  ct: string
  ss: string
}
const kats = (
  JSON.parse(readFileSync(new URL('./fixtures/xwing-kat.json', import.meta.url), 'utf8')) as {
    vectors: Kat[]
  }
).vectors

/** noble's X-Wing with the key seed and the encapsulation randomness pinned to a vector's. */
function pinned(v: Kat): NobleXWingLike {
  return {
    keygen: () => ml_kem768_x25519.keygen(hexToBytes(v.sk)),
    encapsulate: (pk) => ml_kem768_x25519.encapsulate(pk, hexToBytes(v.eseed)),
    decapsulate: (ct, sk) => ml_kem768_x25519.decapsulate(ct, sk),
  }
}

test('X-Wing known-answer vectors (draft-connolly-cfrg-xwing-kem-10 Appendix C) on noble', async (t) => {
  assert.equal(kats.length, 3)
  // the inputs are the draft's: consecutive 32-byte seeds and 64-byte eseeds read from SHAKE128("")
  const stream = shake128(new Uint8Array(0), { dkLen: 96 * kats.length })
  kats.forEach((v, i) => {
    assert.equal(v.sk, bytesToHex(stream.subarray(96 * i, 96 * i + 32)), 'sk from SHAKE128("")')
    assert.equal(v.eseed, bytesToHex(stream.subarray(96 * i + 32, 96 * i + 96)), 'eseed from SHAKE128("")')
  })
  for (const v of kats) {
    // noble directly: GenerateKeyPairDerand, EncapsulateDerand, Decapsulate
    assert.equal(bytesToHex(ml_kem768_x25519.keygen(hexToBytes(v.sk)).publicKey), v.pk, 'public key')
    const enc = ml_kem768_x25519.encapsulate(hexToBytes(v.pk), hexToBytes(v.eseed))
    assert.equal(bytesToHex(enc.cipherText), v.ct, 'ciphertext')
    assert.equal(bytesToHex(enc.sharedSecret), v.ss, 'shared secret')
    assert.equal(bytesToHex(ml_kem768_x25519.decapsulate(hexToBytes(v.ct), hexToBytes(v.sk))), v.ss)
    // the same through the package's provider (only the randomness is pinned)
    const kem = nobleXWing(pinned(v))
    const pair = await kem.generateKeyPair()
    assert.equal(bytesToHex(pair.publicKey), v.pk, 'provider public key')
    const { ciphertext, sharedSecret } = await kem.encapsulate(pair.publicKey)
    assert.equal(bytesToHex(ciphertext), v.ct, 'provider ciphertext')
    assert.equal(bytesToHex(sharedSecret), v.ss, 'provider shared secret')
    assert.equal(bytesToHex(await pair.decapsulate(hexToBytes(v.ct))), v.ss, 'provider decapsulation')
  }
  // the default provider (fresh randomness) interoperates with a vector's key
  const v = kats[0]!
  const { ciphertext, sharedSecret } = await nobleXWing().encapsulate(hexToBytes(v.pk))
  assert.ok(equalBytes(ml_kem768_x25519.decapsulate(ciphertext, hexToBytes(v.sk)), sharedSecret))
  t.diagnostic(`checked ${kats.length} X-Wing vectors`)
})

test('round trip, and a tampered ciphertext yields a different secret (implicit rejection)', async () => {
  const kem = nobleXWing()
  const pair = await kem.generateKeyPair()
  assert.equal(pair.implementation, 'noble')
  assert.equal(pair.publicKey.length, XWING_PK_LENGTH)
  const { sharedSecret, ciphertext } = await kem.encapsulate(pair.publicKey)
  assert.equal(ciphertext.length, XWING_CT_LENGTH)
  assert.ok(equalBytes(sharedSecret, await pair.decapsulate(ciphertext)))
  for (const pos of [0, 500, 1087, 1100]) {
    const bad = new Uint8Array(ciphertext)
    bad[pos] = (bad[pos] ?? 0) ^ 1
    const other = await pair.decapsulate(bad).catch((e: unknown) => e)
    assert.ok(
      other instanceof Uint8Array ? !equalBytes(other, sharedSecret) : isE2eeError(other, 'kem-failed'),
    )
  }
  // a public key with a coefficient >= q is refused (FIPS 203 section 7.2)
  const badPk = new Uint8Array(pair.publicKey)
  badPk[0] = 0xff
  badPk[1] = 0x0f
  await assert.rejects(kem.encapsulate(badPk), (e) => isE2eeError(e, 'kem-failed'))
  await assert.rejects(kem.encapsulate(randomBytes(100)), (e) => isE2eeError(e, 'kem-failed'))
  await assert.rejects(pair.decapsulate(randomBytes(100)), (e) => isE2eeError(e, 'kem-failed'))
  // a low-order X25519 point (u = 0) as the peer's key or as the ciphertext's X25519 part
  const lowOrderPk = new Uint8Array(pair.publicKey)
  lowOrderPk.fill(0, XWING_PK_LENGTH - 32)
  await assert.rejects(kem.encapsulate(lowOrderPk), (e) => isE2eeError(e, 'kem-failed'))
  const lowOrderCt = new Uint8Array(ciphertext)
  lowOrderCt.fill(0, XWING_CT_LENGTH - 32)
  await assert.rejects(pair.decapsulate(lowOrderCt), (e) => isE2eeError(e, 'kem-failed'))
})

/** A stand-in for a browser's WebCrypto MLKEM768-X25519, backed by noble. */
function fakeKemSubtle(): KemSubtle {
  const keys = new WeakMap<object, Uint8Array>()
  const key = (bytes: Uint8Array) => {
    const k = {} as CryptoKey
    keys.set(k, bytes)
    return k
  }
  const get = (k: CryptoKey) => keys.get(k) ?? new Uint8Array(0)
  return {
    generateKey: async () => {
      const { publicKey, secretKey } = ml_kem768_x25519.keygen()
      return { publicKey: key(publicKey), privateKey: key(secretKey) }
    },
    exportKey: async (_format, k) => new Uint8Array(get(k)).buffer,
    importKey: async (_format, data) => key(new Uint8Array(data)),
    encapsulateBits: async (_alg, k) => {
      const { cipherText, sharedSecret } = ml_kem768_x25519.encapsulate(get(k))
      return { sharedKey: new Uint8Array(sharedSecret).buffer, ciphertext: new Uint8Array(cipherText).buffer }
    },
    decapsulateBits: async (_alg, k, ct) => new Uint8Array(ml_kem768_x25519.decapsulate(ct, get(k))).buffer,
  }
}

test('provider selection: WebCrypto when it works, else noble', async () => {
  assert.equal((await selectXWing()).implementation, 'noble') // Node 20 has no MLKEM768-X25519
  const broken = {
    encapsulateBits: () => Promise.reject(new Error('NotSupportedError')),
    decapsulateBits: () => Promise.reject(new Error('NotSupportedError')),
    generateKey: () => Promise.reject(new Error('NotSupportedError')),
  }
  const fallback = await selectXWing({ subtle: broken })
  assert.equal(fallback.implementation, 'noble')
  const pair = await fallback.generateKeyPair()
  const enc = await fallback.encapsulate(pair.publicKey)
  assert.ok(equalBytes(await pair.decapsulate(enc.ciphertext), enc.sharedSecret))

  const webcrypto = await selectXWing({ subtle: fakeKemSubtle() })
  assert.equal(webcrypto.implementation, 'webcrypto')
  // WebCrypto and noble interoperate in both directions
  const wPair = await webcrypto.generateKeyPair()
  const toW = await nobleXWing().encapsulate(wPair.publicKey)
  assert.ok(equalBytes(await wPair.decapsulate(toW.ciphertext), toW.sharedSecret))
  const toN = await webcrypto.encapsulate(pair.publicKey)
  assert.ok(equalBytes(await pair.decapsulate(toN.ciphertext), toN.sharedSecret))

  // an injected implementation replaces noble's (tests only)
  const fixed = { pk: randomBytes(XWING_PK_LENGTH), sk: randomBytes(32), ct: randomBytes(XWING_CT_LENGTH) }
  const ss = randomBytes(32)
  const noble: NobleXWingLike = {
    keygen: () => ({ publicKey: fixed.pk, secretKey: fixed.sk }),
    encapsulate: () => ({ cipherText: fixed.ct, sharedSecret: ss }),
    decapsulate: (c, s) => (equalBytes(c, fixed.ct) && equalBytes(s, fixed.sk) ? ss : randomBytes(32)),
  }
  const kem = await selectXWing({ subtle: broken, noble })
  assert.equal(kem.implementation, 'noble')
  const injected = await kem.generateKeyPair()
  assert.ok(equalBytes(injected.publicKey, fixed.pk))
  const e = await nobleXWing(noble).encapsulate(injected.publicKey)
  assert.ok(equalBytes(await injected.decapsulate(e.ciphertext), e.sharedSecret))
})
