// The handshake KEM (E2EE.md section 2): X-Wing (X25519 + ML-KEM-768). Providers, in order of
// preference, chosen by selectXWing():
//   1. WebCrypto "MLKEM768-X25519" (WICG modern algorithms), feature-detected with try/catch and a
//      round trip; the private key is then non-extractable.
//   2. `ml_kem768_x25519` from @noble/post-quantum/hybrid.js (audited; X-Wing as specified in
//      draft-connolly-cfrg-xwing-kem, checked against the draft's Appendix C vectors in
//      xwing.test.ts). No ML-KEM, X25519 or SHA-3 code lives in this package.

import { ml_kem768_x25519 } from '@noble/post-quantum/hybrid.js'
import { asBytes, equalBytes, type Bytes } from './bytes.ts'
import { E2eeError } from './errors.ts'

/** ML-KEM-768 encapsulation key (1184) + X25519 public key (32). */
export const XWING_PK_LENGTH = 1216
/** ML-KEM-768 ciphertext (1088) + X25519 ephemeral public key (32). */
export const XWING_CT_LENGTH = 1120

export type XWingImplementation = 'webcrypto' | 'noble'

/** A per-call ephemeral X-Wing key pair. Opaque: the private side never leaves it. */
export class XWingKeyPair {
  readonly publicKey: Bytes
  readonly implementation: XWingImplementation
  readonly #decapsulate: (ct: Bytes) => Promise<Bytes>

  private constructor(
    impl: XWingImplementation,
    publicKey: Bytes,
    decapsulate: (ct: Bytes) => Promise<Bytes>,
  ) {
    this.implementation = impl
    this.publicKey = publicKey
    this.#decapsulate = decapsulate
  }

  /** For providers in this module only. */
  static fromProvider(
    impl: XWingImplementation,
    pk: Bytes,
    decap: (ct: Bytes) => Promise<Bytes>,
  ): XWingKeyPair {
    if (pk.length !== XWING_PK_LENGTH) throw new E2eeError('kem-failed')
    return new XWingKeyPair(impl, pk, decap)
  }

  async decapsulate(ciphertext: Uint8Array): Promise<Bytes> {
    if (ciphertext.length !== XWING_CT_LENGTH) throw new E2eeError('kem-failed')
    try {
      return await this.#decapsulate(asBytes(ciphertext))
    } catch {
      throw new E2eeError('kem-failed')
    }
  }
}

export interface XWingKem {
  readonly implementation: XWingImplementation
  generateKeyPair(): Promise<XWingKeyPair>
  encapsulate(publicKey: Uint8Array): Promise<{ sharedSecret: Bytes; ciphertext: Bytes }>
}

/** The shape of @noble/post-quantum's `ml_kem768_x25519` (hybrid.js) that is used here. */
export interface NobleXWingLike {
  keygen(seed?: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array }
  encapsulate(publicKey: Uint8Array): { cipherText: Uint8Array; sharedSecret: Uint8Array }
  decapsulate(cipherText: Uint8Array, secretKey: Uint8Array): Uint8Array
}

/**
 * X-Wing on @noble/post-quantum. `noble` is injectable for tests only; it defaults to the real
 * `ml_kem768_x25519`. The secret key (noble's 32-byte X-Wing seed) stays inside the key pair.
 * noble throws for an encapsulation key that fails the FIPS 203 section 7.2 modulus check and for
 * a low-order X25519 point: both become `kem-failed`.
 */
export function nobleXWing(noble: NobleXWingLike = ml_kem768_x25519): XWingKem {
  return {
    implementation: 'noble',
    async generateKeyPair() {
      const { publicKey, secretKey } = noble.keygen()
      const decap = async (ct: Bytes) => asBytes(noble.decapsulate(ct, secretKey))
      return XWingKeyPair.fromProvider('noble', asBytes(publicKey), decap)
    },
    async encapsulate(publicKey) {
      if (publicKey.length !== XWING_PK_LENGTH) throw new E2eeError('kem-failed')
      let out: { cipherText: Uint8Array; sharedSecret: Uint8Array }
      try {
        out = noble.encapsulate(asBytes(publicKey))
      } catch {
        throw new E2eeError('kem-failed')
      }
      if (out.cipherText.length !== XWING_CT_LENGTH) throw new E2eeError('kem-failed')
      return { sharedSecret: asBytes(out.sharedSecret), ciphertext: asBytes(out.cipherText) }
    },
  }
}

/** The parts of the WICG modern-algorithms SubtleCrypto used here (not in TypeScript's lib yet). */
export interface KemSubtle {
  generateKey(alg: { name: string }, extractable: boolean, usages: string[]): Promise<unknown>
  exportKey(format: 'raw-public', key: CryptoKey): Promise<ArrayBuffer>
  importKey(
    format: 'raw-public',
    data: Bytes,
    alg: { name: string },
    extractable: boolean,
    usages: string[],
  ): Promise<CryptoKey>
  encapsulateBits(
    alg: { name: string },
    key: CryptoKey,
  ): Promise<{ sharedKey: ArrayBuffer; ciphertext: ArrayBuffer }>
  decapsulateBits(alg: { name: string }, key: CryptoKey, ciphertext: Bytes): Promise<ArrayBuffer>
}

const WEBCRYPTO_ALG = { name: 'MLKEM768-X25519' }

function isKeyPair(v: unknown): v is CryptoKeyPair {
  return typeof v === 'object' && v !== null && 'publicKey' in v && 'privateKey' in v
}

export function webCryptoXWing(subtle: KemSubtle): XWingKem {
  return {
    implementation: 'webcrypto',
    async generateKeyPair() {
      const pair = await subtle.generateKey(WEBCRYPTO_ALG, false, ['encapsulateBits', 'decapsulateBits'])
      if (!isKeyPair(pair)) throw new E2eeError('kem-failed')
      const pk = new Uint8Array(await subtle.exportKey('raw-public', pair.publicKey))
      const decap = async (ct: Bytes) =>
        new Uint8Array(await subtle.decapsulateBits(WEBCRYPTO_ALG, pair.privateKey, ct))
      return XWingKeyPair.fromProvider('webcrypto', pk, decap)
    },
    async encapsulate(publicKey) {
      if (publicKey.length !== XWING_PK_LENGTH) throw new E2eeError('kem-failed')
      const key = await subtle.importKey('raw-public', asBytes(publicKey), WEBCRYPTO_ALG, true, [
        'encapsulateBits',
      ])
      const { sharedKey, ciphertext } = await subtle.encapsulateBits(WEBCRYPTO_ALG, key)
      return { sharedSecret: new Uint8Array(sharedKey), ciphertext: new Uint8Array(ciphertext) }
    },
  }
}

async function works(kem: XWingKem): Promise<boolean> {
  const pair = await kem.generateKeyPair()
  const { sharedSecret, ciphertext } = await kem.encapsulate(pair.publicKey)
  return ciphertext.length === XWING_CT_LENGTH && equalBytes(sharedSecret, await pair.decapsulate(ciphertext))
}

export interface SelectXWingOptions {
  /** Defaults to globalThis.crypto.subtle. */
  readonly subtle?: unknown
  /** Replaces noble's `ml_kem768_x25519` (the fallback when WebCrypto lacks X-Wing); tests only. */
  readonly noble?: NobleXWingLike
}

/** Picks the best available X-Wing (see the header comment). Never throws for a missing feature. */
export async function selectXWing(options: SelectXWingOptions = {}): Promise<XWingKem> {
  const subtle = (options.subtle ?? globalThis.crypto.subtle) as Partial<KemSubtle>
  if (typeof subtle.encapsulateBits === 'function' && typeof subtle.decapsulateBits === 'function') {
    try {
      const kem = webCryptoXWing(subtle as KemSubtle)
      if (await works(kem)) return kem
    } catch {
      // the browser knows the KEM methods but not this algorithm: fall through
    }
  }
  return nobleXWing(options.noble ?? ml_kem768_x25519)
}
