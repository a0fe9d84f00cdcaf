// Byte helpers shared by every module. `Bytes` is a Uint8Array over a plain ArrayBuffer, which is
// what WebCrypto accepts as a BufferSource under TypeScript 5.7+ lib types.

import { E2eeError } from './errors.ts'

export type Bytes = Uint8Array<ArrayBuffer>

/** Returns `u` itself when it already sits on an ArrayBuffer, else a copy. */
export function asBytes(u: Uint8Array): Bytes {
  return u.buffer instanceof ArrayBuffer ? (u as Bytes) : new Uint8Array(u)
}

export function concat(...parts: readonly Uint8Array[]): Bytes {
  let total = 0
  for (const p of parts) total += p.length
  const out = new Uint8Array(total)
  let off = 0
  for (const p of parts) {
    out.set(p, off)
    off += p.length
  }
  return out
}

/** Constant-time for equal lengths; lengths are not secret in this protocol. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return diff === 0
}

/** Lexicographic byte order (shorter prefix first), for canonical sorting. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d
  }
  return a.length - b.length
}

export function randomBytes(n: number): Bytes {
  return globalThis.crypto.getRandomValues(new Uint8Array(n))
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

export function utf8(s: string): Bytes {
  return encoder.encode(s)
}

export function fromUtf8(b: Uint8Array): string {
  try {
    return decoder.decode(b)
  } catch {
    throw new E2eeError('malformed', 'utf-8')
  }
}

export function u16be(n: number): Bytes {
  return new Uint8Array([(n >>> 8) & 0xff, n & 0xff])
}

export function u32be(n: number): Bytes {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, n)
  return out
}

export function u64be(n: bigint): Bytes {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, n)
  return out
}

export function hexToBytes(hex: string): Bytes {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new E2eeError('invalid-argument', 'hex')
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

export function bytesToHex(b: Uint8Array): string {
  let s = ''
  for (const x of b) s += x.toString(16).padStart(2, '0')
  return s
}

/** base64url without padding (RFC 4648 section 5), for carrying binary messages in JSON. */
export function toBase64Url(b: Uint8Array): string {
  let bin = ''
  for (const x of b) bin += String.fromCharCode(x)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function fromBase64Url(s: string): Bytes {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) throw new E2eeError('malformed', 'base64url')
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4))
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}
