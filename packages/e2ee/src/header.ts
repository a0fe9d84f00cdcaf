// SFrame header (RFC 9605 section 4.3):
//   config byte |X|KKK|Y|CCC|, then KID bytes if X=1, then CTR bytes if Y=1.
//   A value < 8 sits in the 3-bit field; otherwise the field holds (byte length - 1) and the value
//   follows as a minimal big-endian integer. KID and CTR are 64-bit unsigned.
// Decoding is strict: a non-minimal encoding is rejected as malformed, so one (KID, CTR) pair has
// exactly one header.

import type { Bytes } from './bytes.ts'
import { E2eeError } from './errors.ts'

const MAX_U64 = (1n << 64n) - 1n

export interface SframeHeader {
  readonly kid: bigint
  readonly ctr: bigint
  /** Encoded header size in bytes. */
  readonly length: number
}

function byteLength(v: bigint): number {
  let n = 1
  while (v >> BigInt(8 * n) > 0n) n++
  return n
}

function checkU64(v: bigint, field: string): void {
  if (v < 0n || v > MAX_U64) throw new E2eeError('invalid-argument', field)
}

export function encodeHeader(kid: bigint, ctr: bigint): Bytes {
  checkU64(kid, 'kid')
  checkU64(ctr, 'ctr')
  const kidLen = kid < 8n ? 0 : byteLength(kid)
  const ctrLen = ctr < 8n ? 0 : byteLength(ctr)
  const out = new Uint8Array(1 + kidLen + ctrLen)
  const k = kidLen === 0 ? Number(kid) << 4 : 0x80 | ((kidLen - 1) << 4)
  const c = ctrLen === 0 ? Number(ctr) : 0x08 | (ctrLen - 1)
  out[0] = k | c
  for (let i = 0; i < kidLen; i++) out[kidLen - i] = Number((kid >> BigInt(8 * i)) & 0xffn)
  for (let i = 0; i < ctrLen; i++) out[kidLen + ctrLen - i] = Number((ctr >> BigInt(8 * i)) & 0xffn)
  return out
}

function readField(buf: Uint8Array, offset: number, len: number): bigint {
  if (offset + len > buf.length) throw new E2eeError('malformed', 'header truncated')
  let v = 0n
  for (let i = 0; i < len; i++) v = (v << 8n) | BigInt(buf[offset + i] ?? 0)
  // minimal: a 1-byte field must hold >= 8, a longer one must not start with 0x00
  if (len === 1 ? v < 8n : buf[offset] === 0) throw new E2eeError('malformed', 'header not minimal')
  return v
}

export function decodeHeader(buf: Uint8Array, offset = 0): SframeHeader {
  const config = buf[offset]
  if (config === undefined) throw new E2eeError('malformed', 'header truncated')
  const x = (config & 0x80) !== 0
  const k = (config >> 4) & 0x07
  const y = (config & 0x08) !== 0
  const c = config & 0x07
  let pos = offset + 1
  let kid = BigInt(k)
  if (x) {
    kid = readField(buf, pos, k + 1)
    pos += k + 1
  }
  let ctr = BigInt(c)
  if (y) {
    ctr = readField(buf, pos, c + 1)
    pos += c + 1
  }
  return { kid, ctr, length: pos - offset }
}
