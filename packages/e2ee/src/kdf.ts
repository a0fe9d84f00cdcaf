// Hashes and HMAC on WebCrypto; HKDF (RFC 5869) from @noble/hashes (audited), because RFC 9605
// uses Extract and Expand separately (sections 4.4.2 and 5.1) and WebCrypto only offers them
// combined. Key derivation is per key, never per frame.

import { expand, extract } from '@noble/hashes/hkdf.js'
import { sha256 as nobleSha256, sha512 as nobleSha512 } from '@noble/hashes/sha2.js'
import { asBytes, concat, type Bytes } from './bytes.ts'
import { E2eeError } from './errors.ts'
import type { HashName } from './suites.ts'

const subtle = (): SubtleCrypto => globalThis.crypto.subtle

export function hashLength(hash: HashName): number {
  return hash === 'SHA-256' ? 32 : 64
}

export async function digest(hash: HashName, data: Uint8Array): Promise<Bytes> {
  return new Uint8Array(await subtle().digest(hash, asBytes(data)))
}

export async function sha256(data: Uint8Array): Promise<Bytes> {
  return digest('SHA-256', data)
}

export async function importHmacKey(hash: HashName, key: Uint8Array): Promise<CryptoKey> {
  return subtle().importKey('raw', asBytes(key), { name: 'HMAC', hash }, false, ['sign'])
}

export async function hmac(hash: HashName, key: Uint8Array | CryptoKey, data: Uint8Array): Promise<Bytes> {
  const k = key instanceof Uint8Array ? await importHmacKey(hash, key) : key
  return new Uint8Array(await subtle().sign('HMAC', k, asBytes(data)))
}

const nobleHash = (hash: HashName) => (hash === 'SHA-256' ? nobleSha256 : nobleSha512)

/** HKDF-Extract; an empty salt means HashLen zero bytes (RFC 5869 section 2.2). */
export async function hkdfExtract(hash: HashName, salt: Uint8Array, ikm: Uint8Array): Promise<Bytes> {
  const s = salt.length === 0 ? new Uint8Array(hashLength(hash)) : salt
  return asBytes(extract(nobleHash(hash), ikm, s))
}

/**
 * HKDF-Expand (RFC 5869 section 2.3). RFC 5869 asks for a PRK of at least HashLen octets and noble
 * enforces it, but E2EE.md section 6 expands the sender's base key directly (`chat_base`), which
 * is 32 bytes under SHA-512 for a fresh key. Such a PRK is zero-padded to HashLen first: HMAC
 * zero-pads every key shorter than the hash block to the block (RFC 2104 section 2), so the output
 * is exactly RFC 5869's for the unpadded key (kdf.test.ts checks this against node:crypto).
 */
export async function hkdfExpand(
  hash: HashName,
  prk: Uint8Array,
  info: Uint8Array,
  length: number,
): Promise<Bytes> {
  const hl = hashLength(hash)
  if (length < 1 || length > 255 * hl) throw new E2eeError('invalid-argument', 'hkdf length')
  if (prk.length === 0) throw new E2eeError('invalid-argument', 'hkdf prk')
  const key = prk.length < hl ? concat(prk, new Uint8Array(hl - prk.length)) : prk
  return asBytes(expand(nobleHash(hash), key, info, length))
}

/** HKDF = Expand(Extract(salt, ikm), info, length). */
export async function hkdf(
  hash: HashName,
  ikm: Uint8Array,
  salt: Uint8Array,
  info: Uint8Array,
  length: number,
): Promise<Bytes> {
  return hkdfExpand(hash, await hkdfExtract(hash, salt, ikm), info, length)
}
