// AEAD algorithms of RFC 9605 section 4.5 on WebCrypto: AES-GCM (4.5.2) and AES-CTR + HMAC
// (4.5.1). Keys are imported once per KID as non-extractable CryptoKeys.

import { asBytes, concat, equalBytes, u64be, type Bytes } from './bytes.ts'
import { E2eeError } from './errors.ts'
import { hmac } from './kdf.ts'
import { suiteParams, type SuiteParams } from './suites.ts'

const subtle = (): SubtleCrypto => globalThis.crypto.subtle

export interface AeadKey {
  readonly suite: SuiteParams
  readonly enc: CryptoKey
  /** HMAC key, CTR+HMAC suites only. */
  readonly mac: CryptoKey | undefined
}

export async function importAeadKey(suiteId: number, key: Uint8Array): Promise<AeadKey> {
  const suite = suiteParams(suiteId)
  if (key.length !== suite.nk) throw new E2eeError('invalid-argument', 'key length')
  if (suite.aead === 'gcm') {
    const enc = await subtle().importKey('raw', asBytes(key), 'AES-GCM', false, ['encrypt', 'decrypt'])
    return { suite, enc, mac: undefined }
  }
  // RFC 9605 4.5.1 derive_subkeys: enc_key = key[..Nka], auth_key = key[Nka..]
  const encBytes = asBytes(key.slice(0, suite.nka))
  const macBytes = asBytes(key.slice(suite.nka))
  const enc = await subtle().importKey('raw', encBytes, 'AES-CTR', false, ['encrypt', 'decrypt'])
  const mac = await subtle().importKey('raw', macBytes, { name: 'HMAC', hash: suite.hash }, false, ['sign'])
  return { suite, enc, mac }
}

async function ctrTag(key: AeadKey, mac: CryptoKey, nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array) {
  // RFC 9605 4.5.1 compute_tag: len(aad) | len(ct) | Nt, each 8 bytes, then nonce | aad | ct
  const authData = concat(
    u64be(BigInt(aad.length)),
    u64be(BigInt(ct.length)),
    u64be(BigInt(key.suite.nt)),
    nonce,
    aad,
    ct,
  )
  return (await hmac(key.suite.hash, mac, authData)).subarray(0, key.suite.nt)
}

function ctrParams(nonce: Uint8Array): AesCtrParams {
  // initial_counter = nonce | 0x00000000; the low 32 bits are the block counter
  return { name: 'AES-CTR', counter: concat(nonce, new Uint8Array(4)), length: 32 }
}

export async function aeadSeal(
  key: AeadKey,
  nonce: Uint8Array,
  aad: Uint8Array,
  pt: Uint8Array,
): Promise<Bytes> {
  if (nonce.length !== key.suite.nn) throw new E2eeError('invalid-argument', 'nonce length')
  if (key.mac === undefined) {
    const params: AesGcmParams = {
      name: 'AES-GCM',
      iv: asBytes(nonce),
      additionalData: asBytes(aad),
      tagLength: 128,
    }
    return new Uint8Array(await subtle().encrypt(params, key.enc, asBytes(pt)))
  }
  const ct = new Uint8Array(await subtle().encrypt(ctrParams(nonce), key.enc, asBytes(pt)))
  return concat(ct, await ctrTag(key, key.mac, nonce, aad, ct))
}

/** Throws E2eeError('auth-failed') and returns nothing when the tag does not verify. */
export async function aeadOpen(
  key: AeadKey,
  nonce: Uint8Array,
  aad: Uint8Array,
  sealed: Uint8Array,
): Promise<Bytes> {
  if (nonce.length !== key.suite.nn) throw new E2eeError('invalid-argument', 'nonce length')
  if (sealed.length < key.suite.nt) throw new E2eeError('auth-failed')
  if (key.mac === undefined) {
    const params: AesGcmParams = {
      name: 'AES-GCM',
      iv: asBytes(nonce),
      additionalData: asBytes(aad),
      tagLength: 128,
    }
    try {
      return new Uint8Array(await subtle().decrypt(params, key.enc, asBytes(sealed)))
    } catch {
      throw new E2eeError('auth-failed')
    }
  }
  const ct = sealed.subarray(0, sealed.length - key.suite.nt)
  const tag = sealed.subarray(sealed.length - key.suite.nt)
  // verify before decrypting: nothing is decrypted for a forged frame
  if (!equalBytes(tag, await ctrTag(key, key.mac, nonce, aad, ct))) throw new E2eeError('auth-failed')
  return new Uint8Array(await subtle().decrypt(ctrParams(nonce), key.enc, asBytes(ct)))
}
