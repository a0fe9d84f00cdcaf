// Per-KID SFrame key material (RFC 9605 section 4.4.2) and single-frame encrypt/decrypt
// (sections 4.4.3 and 4.4.4): nonce = salt XOR CTR, AAD = header | metadata.

import { aeadOpen, aeadSeal, importAeadKey, type AeadKey } from './aead.ts'
import { concat, u16be, u64be, utf8, type Bytes } from './bytes.ts'
import { encodeHeader, type SframeHeader } from './header.ts'
import { hkdfExpand, hkdfExtract } from './kdf.ts'
import { suiteParams, type CipherSuiteId } from './suites.ts'

export interface DerivedKeySalt {
  readonly secret: Bytes
  readonly key: Bytes
  readonly salt: Bytes
}

/** "SFrame 1.0 Secret key " | KID (8 bytes) | suite (2 bytes), and the same for the salt. */
export function sframeLabels(suiteId: number, kid: bigint): { keyLabel: Bytes; saltLabel: Bytes } {
  const tail = concat(u64be(kid), u16be(suiteId))
  return {
    keyLabel: concat(utf8('SFrame 1.0 Secret key '), tail),
    saltLabel: concat(utf8('SFrame 1.0 Secret salt '), tail),
  }
}

/**
 * RFC 9605 section 4.4.2 derive_key_salt. Returns raw bytes: internal, used by FrameKey and by the
 * known-answer tests only (not exported from index.ts).
 */
export async function deriveKeySalt(
  suiteId: number,
  kid: bigint,
  baseKey: Uint8Array,
): Promise<DerivedKeySalt> {
  const suite = suiteParams(suiteId)
  const secret = await hkdfExtract(suite.hash, new Uint8Array(0), baseKey)
  const { keyLabel, saltLabel } = sframeLabels(suiteId, kid)
  const key = await hkdfExpand(suite.hash, secret, keyLabel, suite.nk)
  const salt = await hkdfExpand(suite.hash, secret, saltLabel, suite.nn)
  return { secret, key, salt }
}

export function xorNonce(salt: Uint8Array, ctr: bigint): Bytes {
  // CTR is left-padded to Nn bytes and XORed into the salt (RFC 9605 section 4.4.3)
  const nonce = new Uint8Array(salt)
  let c = ctr
  for (let i = nonce.length - 1; i >= 0 && c > 0n; i--) {
    nonce[i] = (nonce[i] ?? 0) ^ Number(c & 0xffn)
    c >>= 8n
  }
  return nonce
}

/** The AEAD key and salt for one KID. Opaque: holds non-extractable CryptoKeys. */
export class FrameKey {
  readonly suite: CipherSuiteId
  readonly kid: bigint
  readonly #aead: AeadKey
  readonly #salt: Bytes

  private constructor(suite: CipherSuiteId, kid: bigint, aead: AeadKey, salt: Bytes) {
    this.suite = suite
    this.kid = kid
    this.#aead = aead
    this.#salt = salt
  }

  static async derive(suiteId: CipherSuiteId, kid: bigint, baseKey: Uint8Array): Promise<FrameKey> {
    const { key, salt } = await deriveKeySalt(suiteId, kid, baseKey)
    const aead = await importAeadKey(suiteId, key)
    key.fill(0)
    return new FrameKey(suiteId, kid, aead, salt)
  }

  /** header | ciphertext | tag, with AAD = header | metadata. */
  async seal(ctr: bigint, payload: Uint8Array, metadata: Uint8Array): Promise<Bytes> {
    const header = encodeHeader(this.kid, ctr)
    const sealed = await aeadSeal(this.#aead, xorNonce(this.#salt, ctr), concat(header, metadata), payload)
    return concat(header, sealed)
  }

  /** `frame` starts with the header already parsed into `header`. Throws auth-failed. */
  async open(header: SframeHeader, frame: Uint8Array, metadata: Uint8Array): Promise<Bytes> {
    const aad = concat(frame.subarray(0, header.length), metadata)
    return aeadOpen(this.#aead, xorNonce(this.#salt, header.ctr), aad, frame.subarray(header.length))
  }
}
