// The server's check of the host's signed roster (E2EE.md section 2, "Admission"), in the wire
// format of @tessera/e2ee `Roster` (packages/e2ee/README.md):
//   roster = 01 | 10 | vec8(call_id) | u32 version | u8 n | n x (slot | 01 | key (32) | vec8(account)) | sig
//   sig    = Ed25519_host("TH roster v1" | 00 | everything before sig)
// Written with node:crypto rather than importing the package: the package is typed against the
// browser's WebCrypto globals (lib DOM), which the server does not compile with. Same bytes, same
// verdict; the server never signs anything.
import { createPublicKey, verify, type KeyObject } from 'node:crypto'

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const CONTEXT = Buffer.from('TH roster v1\0', 'utf8')
const SIGNATURE_LENGTH = 64
const MAX_MEMBERS = 16

export interface RosterMember {
  slot: number
  accountId: string
  deviceKey: Uint8Array
}

export interface CheckedRoster {
  version: number
  members: RosterMember[]
}

/** A raw 32-byte Ed25519 public key as a Node key; throws if it is not one. */
export function ed25519PublicKey(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new TypeError('Ed25519 public keys are 32 bytes')
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' })
}

class Reader {
  private at = 0
  constructor(private readonly buf: Uint8Array) {}
  u8(): number {
    if (this.at >= this.buf.length) throw new RangeError('short')
    return this.buf[this.at++]!
  }
  u32(): number {
    const b = this.bytes(4)
    return ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!
  }
  bytes(n: number): Uint8Array {
    if (this.at + n > this.buf.length) throw new RangeError('short')
    const out = this.buf.subarray(this.at, this.at + n)
    this.at += n
    return out
  }
  vec8(): Uint8Array {
    return this.bytes(this.u8())
  }
  end(): void {
    if (this.at !== this.buf.length) throw new RangeError('trailing bytes')
  }
}

/** The roster if the host's key signed it for this call and it is well formed; otherwise null. */
export function verifyRoster(encoded: Uint8Array, hostKey: Uint8Array, callId: string): CheckedRoster | null {
  if (encoded.length <= SIGNATURE_LENGTH) return null
  const body = encoded.subarray(0, encoded.length - SIGNATURE_LENGTH)
  const sig = encoded.subarray(body.length)
  try {
    if (!verify(null, Buffer.concat([CONTEXT, body]), ed25519PublicKey(hostKey), sig)) return null
    const r = new Reader(body)
    if (r.u8() !== 1 || r.u8() !== 0x10) return null
    if (Buffer.from(r.vec8()).toString('utf8') !== callId) return null
    const version = r.u32()
    const count = r.u8()
    if (count === 0 || count > MAX_MEMBERS) return null
    const members: RosterMember[] = []
    for (let i = 0; i < count; i++) {
      const slot = r.u8()
      const record = r.bytes(33)
      if (record[0] !== 0x01) return null
      members.push({ slot, deviceKey: record.slice(1), accountId: Buffer.from(r.vec8()).toString('utf8') })
    }
    r.end()
    const slots = new Set(members.map((m) => m.slot))
    const keys = new Set(members.map((m) => Buffer.from(m.deviceKey).toString('hex')))
    if (slots.size !== count || keys.size !== count || members.some((m) => m.slot >= MAX_MEMBERS)) return null
    return { version, members }
  } catch {
    return null
  }
}
