// KID layout of TH-E2EE v1 (E2EE.md section 3): KID = (epoch << 4) | slot, slot from the signed
// roster (0-15), epoch a 32-bit generation number. CTR is capped at 2^32 per KID (section 4).

import { E2eeError } from './errors.ts'

export const MAX_SLOT = 15
export const MAX_EPOCH = 0xffff_ffff
/** A sender refuses to encrypt once a KID has used this many counters; receivers reject CTR >= this. */
export const MAX_CTR = 2 ** 32

export function checkSlot(slot: number): void {
  if (!Number.isInteger(slot) || slot < 0 || slot > MAX_SLOT) throw new E2eeError('invalid-argument', 'slot')
}

export function checkEpoch(epoch: number): void {
  if (!Number.isInteger(epoch) || epoch < 0 || epoch > MAX_EPOCH)
    throw new E2eeError('invalid-argument', 'epoch')
}

export function makeKid(epoch: number, slot: number): bigint {
  checkEpoch(epoch)
  checkSlot(slot)
  return (BigInt(epoch) << 4n) | BigInt(slot)
}

export function splitKid(kid: bigint): { epoch: number; slot: number } {
  return { epoch: Number(kid >> 4n), slot: Number(kid & 0xfn) }
}
