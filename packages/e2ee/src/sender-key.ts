// A sender's base key for one generation (E2EE.md section 3) and the RFC 9605 section 5.1 ratchet.
// Opaque: the raw bytes leave this module only through senderKeyBytes(), which the pairwise control
// channel uses to send the key to a peer (the one place the protocol must move a key). It is not
// exported from index.ts.

import { equalBytes, randomBytes, utf8, type Bytes } from './bytes.ts'
import { E2eeError } from './errors.ts'
import { hkdfExpand, hkdfExtract } from './kdf.ts'
import { suiteParams, type CipherSuiteId } from './suites.ts'

const RATCHET_LABEL = utf8('SFrame 1.0 Ratchet')
export const BASE_KEY_LENGTH = 32
const MAX_BASE_KEY_LENGTH = 64

let unwrap: (k: SenderKey) => Bytes

export class SenderKey {
  readonly #bytes: Bytes

  private constructor(bytes: Bytes) {
    this.#bytes = bytes
  }

  static {
    unwrap = (k) => k.#bytes
  }

  /** A fresh random 32-byte base key for a new generation. */
  static generate(): SenderKey {
    return new SenderKey(randomBytes(BASE_KEY_LENGTH))
  }

  /** Internal: a key received over the pairwise channel, or a test vector. */
  static fromBytes(bytes: Uint8Array): SenderKey {
    if (bytes.length < 16 || bytes.length > MAX_BASE_KEY_LENGTH)
      throw new E2eeError('invalid-argument', 'key length')
    return new SenderKey(new Uint8Array(bytes))
  }

  /**
   * RFC 9605 section 5.1: next = HKDF-Expand(HKDF-Extract("", k), "SFrame 1.0 Ratchet", Nh).
   * The frame key uses the "SFrame 1.0 Secret key/salt" labels instead, so holding the next
   * generation reveals nothing about this one's frame keys.
   */
  async ratchet(suiteId: CipherSuiteId): Promise<SenderKey> {
    const suite = suiteParams(suiteId)
    const secret = await hkdfExtract(suite.hash, new Uint8Array(0), this.#bytes)
    return new SenderKey(await hkdfExpand(suite.hash, secret, RATCHET_LABEL, suite.nh))
  }

  equals(other: SenderKey): boolean {
    return equalBytes(this.#bytes, unwrap(other))
  }
}

/** Internal accessor for the control channel and key derivation. Never log the result. */
export function senderKeyBytes(k: SenderKey): Bytes {
  return unwrap(k)
}
