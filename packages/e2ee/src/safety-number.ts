// Long-term safety numbers per pair of accounts (E2EE.md section 5), as Signal computes them
// (libsignal NumericFingerprintGenerator, version 0):
//   h_0 = u16 version (0) | key | stable_id ;  h_{i+1} = SHA-512(h_i | key), 5200 times
//   30 digits = first 30 bytes as six 5-byte big-endian integers, each mod 100000, 5 digits
// Here `key` is the key record (alg byte | Ed25519 key) and `stable_id` the account id (UTF-8).
// The displayed 60 digits are the two halves with the smaller first, so both sides see the same.
// Verify once, pin, and block on change (the caller keeps the pin).
// The 5200 hashes use the synchronous SHA-512 of @noble/hashes (audited): awaiting one WebCrypto
// digest per iteration cost ~250 ms per number, almost all of it in promise round trips.

import { sha512 } from '@noble/hashes/sha2.js'
import { concat, u16be, utf8 } from './bytes.ts'
import { E2eeError } from './errors.ts'
import type { DevicePublicKey } from './identity.ts'

export const SAFETY_NUMBER_ITERATIONS = 5200
const VERSION = 0

export interface SafetyNumberParty {
  readonly deviceKey: DevicePublicKey
  /** The account's stable identifier, e.g. its id in the directory. */
  readonly stableId: string
}

export interface SafetyNumber {
  /** 60 digits. */
  readonly digits: string
  /** 12 groups of 5 digits, for display. */
  readonly groups: readonly string[]
}

function fingerprint(party: SafetyNumberParty): string {
  if (party.stableId.length === 0) throw new E2eeError('invalid-argument', 'stableId')
  const key = party.deviceKey.record
  let hash: Uint8Array = concat(u16be(VERSION), key, utf8(party.stableId))
  for (let i = 0; i < SAFETY_NUMBER_ITERATIONS; i++) hash = sha512.create().update(hash).update(key).digest()
  let out = ''
  for (let i = 0; i < 6; i++) {
    let chunk = 0
    for (let j = 0; j < 5; j++) chunk = chunk * 256 + (hash[5 * i + j] ?? 0)
    out += String(chunk % 100_000).padStart(5, '0')
  }
  return out
}

export async function safetyNumber(
  local: SafetyNumberParty,
  remote: SafetyNumberParty,
): Promise<SafetyNumber> {
  const a = fingerprint(local)
  const b = fingerprint(remote)
  const digits = a <= b ? a + b : b + a
  return { digits, groups: digits.match(/\d{5}/g) ?? [] }
}
