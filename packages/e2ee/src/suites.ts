// SFrame cipher suites (RFC 9605 section 4.5 and IANA "SFrame Cipher Suites", section 8.1).
// 0x0001-0x0005 are the RFC 9605 registrations. 0x0006-0x0008 (AES-256-CTR + HMAC-SHA-512) are NOT
// in RFC 9605; they appear in the shared vectors file, follow the same AES-CTR+HMAC construction, and
// are supported so every vector can be checked. TH-E2EE v1 calls use 0x0005 (E2EE.md section 4).

import { E2eeError } from './errors.ts'

export const CipherSuite = {
  AES_128_CTR_HMAC_SHA256_80: 0x0001,
  AES_128_CTR_HMAC_SHA256_64: 0x0002,
  AES_128_CTR_HMAC_SHA256_32: 0x0003,
  AES_128_GCM_SHA256_128: 0x0004,
  AES_256_GCM_SHA512_128: 0x0005,
  AES_256_CTR_HMAC_SHA512_80: 0x0006,
  AES_256_CTR_HMAC_SHA512_64: 0x0007,
  AES_256_CTR_HMAC_SHA512_32: 0x0008,
} as const

export type CipherSuiteId = (typeof CipherSuite)[keyof typeof CipherSuite]

/** The suite TH-E2EE v1 uses for media and chat (E2EE.md section 4). */
export const DEFAULT_SUITE: CipherSuiteId = CipherSuite.AES_256_GCM_SHA512_128

export type HashName = 'SHA-256' | 'SHA-512'

export interface SuiteParams {
  readonly id: CipherSuiteId
  readonly hash: HashName
  /** Nh: hash output size (bytes). */
  readonly nh: number
  /** Nk: AEAD key size; for CTR+HMAC suites this is the encryption key plus the MAC key. */
  readonly nk: number
  /** Nn: nonce size. */
  readonly nn: number
  /** Nt: tag size. */
  readonly nt: number
  readonly aead: 'gcm' | 'ctr-hmac'
  /** For CTR+HMAC suites: the AES key part of Nk. */
  readonly nka: number
  /** True for the RFC 9605 registrations. */
  readonly registered: boolean
}

const table: Record<CipherSuiteId, SuiteParams> = {
  1: { id: 1, hash: 'SHA-256', nh: 32, nk: 48, nn: 12, nt: 10, aead: 'ctr-hmac', nka: 16, registered: true },
  2: { id: 2, hash: 'SHA-256', nh: 32, nk: 48, nn: 12, nt: 8, aead: 'ctr-hmac', nka: 16, registered: true },
  3: { id: 3, hash: 'SHA-256', nh: 32, nk: 48, nn: 12, nt: 4, aead: 'ctr-hmac', nka: 16, registered: true },
  4: { id: 4, hash: 'SHA-256', nh: 32, nk: 16, nn: 12, nt: 16, aead: 'gcm', nka: 16, registered: true },
  5: { id: 5, hash: 'SHA-512', nh: 64, nk: 32, nn: 12, nt: 16, aead: 'gcm', nka: 32, registered: true },
  6: { id: 6, hash: 'SHA-512', nh: 64, nk: 96, nn: 12, nt: 10, aead: 'ctr-hmac', nka: 32, registered: false },
  7: { id: 7, hash: 'SHA-512', nh: 64, nk: 96, nn: 12, nt: 8, aead: 'ctr-hmac', nka: 32, registered: false },
  8: { id: 8, hash: 'SHA-512', nh: 64, nk: 96, nn: 12, nt: 4, aead: 'ctr-hmac', nka: 32, registered: false },
}

export function isCipherSuiteId(id: number): id is CipherSuiteId {
  return Object.hasOwn(table, id)
}

export function suiteParams(id: number): SuiteParams {
  if (!isCipherSuiteId(id)) throw new E2eeError('unsupported-suite')
  return table[id]
}
