// Device identity keys (E2EE.md section 1): one Ed25519 signing key per device, generated with
// WebCrypto as non-extractable. Every key record carries an algorithm byte so ML-DSA can be added:
//   record = alg (1 byte: 0x01 = Ed25519) | public key (32 bytes)
// Signatures are domain-separated: Ed25519(context | 0x00 | message).

import { asBytes, concat, equalBytes, utf8, type Bytes } from './bytes.ts'
import { E2eeError } from './errors.ts'

export type SignatureAlgorithm = 'ed25519'
export const ED25519_ALG_ID = 0x01
export const KEY_RECORD_LENGTH = 33
export const SIGNATURE_LENGTH = 64

const subtle = (): SubtleCrypto => globalThis.crypto.subtle

function signedData(context: string, message: Uint8Array): Bytes {
  return concat(utf8(context), new Uint8Array([0]), message)
}

/** A device's public signing key. */
export class DevicePublicKey {
  readonly algorithm: SignatureAlgorithm = 'ed25519'
  /** The raw 32-byte Ed25519 public key. */
  readonly bytes: Bytes
  readonly #key: CryptoKey

  private constructor(bytes: Bytes, key: CryptoKey) {
    this.bytes = bytes
    this.#key = key
  }

  static async fromBytes(raw: Uint8Array): Promise<DevicePublicKey> {
    if (raw.length !== 32) throw new E2eeError('malformed', 'public key length')
    try {
      const key = await subtle().importKey('raw', asBytes(raw), { name: 'Ed25519' }, true, ['verify'])
      return new DevicePublicKey(new Uint8Array(raw), key)
    } catch {
      throw new E2eeError('malformed', 'public key')
    }
  }

  static async fromRecord(record: Uint8Array): Promise<DevicePublicKey> {
    if (record.length !== KEY_RECORD_LENGTH) throw new E2eeError('malformed', 'key record length')
    if (record[0] !== ED25519_ALG_ID) throw new E2eeError('malformed', 'key algorithm')
    return DevicePublicKey.fromBytes(record.subarray(1))
  }

  /** alg | key, the form used in messages, the roster and safety numbers. */
  get record(): Bytes {
    return concat(new Uint8Array([ED25519_ALG_ID]), this.bytes)
  }

  equals(other: DevicePublicKey): boolean {
    return this.algorithm === other.algorithm && equalBytes(this.bytes, other.bytes)
  }

  async verify(context: string, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
    if (signature.length !== SIGNATURE_LENGTH) return false
    try {
      return await subtle().verify(
        { name: 'Ed25519' },
        this.#key,
        asBytes(signature),
        signedData(context, message),
      )
    } catch {
      return false
    }
  }
}

/** The local device's signing key pair. The private key is a non-extractable CryptoKey. */
export class DeviceIdentity {
  readonly publicKey: DevicePublicKey
  readonly #pair: CryptoKeyPair

  private constructor(publicKey: DevicePublicKey, pair: CryptoKeyPair) {
    this.publicKey = publicKey
    this.#pair = pair
  }

  static async generate(): Promise<DeviceIdentity> {
    const pair = await subtle().generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])
    return DeviceIdentity.fromCryptoKeyPair(pair)
  }

  /** For a pair loaded from IndexedDB. Refuses an extractable private key. */
  static async fromCryptoKeyPair(pair: CryptoKeyPair): Promise<DeviceIdentity> {
    if (pair.privateKey.extractable || pair.privateKey.algorithm.name !== 'Ed25519')
      throw new E2eeError('invalid-argument', 'device key must be a non-extractable Ed25519 key')
    const raw = new Uint8Array(await subtle().exportKey('raw', pair.publicKey))
    return new DeviceIdentity(await DevicePublicKey.fromBytes(raw), pair)
  }

  /** The CryptoKeyPair, to store in IndexedDB (structured clone keeps it non-extractable). */
  get cryptoKeyPair(): CryptoKeyPair {
    return this.#pair
  }

  async sign(context: string, message: Uint8Array): Promise<Bytes> {
    return new Uint8Array(
      await subtle().sign({ name: 'Ed25519' }, this.#pair.privateKey, signedData(context, message)),
    )
  }
}
