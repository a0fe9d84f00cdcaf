// Minimal binary writer/reader for the versioned messages (see README "Message formats").
// Integers are big-endian; vec8/vec16 are byte strings with a 1- or 2-byte length prefix.
// Every read is bounds-checked and a reader must be consumed exactly (no trailing bytes).

import { concat, u16be, u32be, u64be, type Bytes } from './bytes.ts'
import { E2eeError } from './errors.ts'

export const WIRE_VERSION = 1

export const MessageType = {
  handshakeInit: 0x01,
  handshakeResponse: 0x02,
  handshakeConfirm: 0x03,
  control: 0x04,
  chat: 0x05,
  roster: 0x10,
} as const

export class Writer {
  readonly #parts: Uint8Array[] = []

  u8(n: number): this {
    this.#parts.push(new Uint8Array([n & 0xff]))
    return this
  }
  u16(n: number): this {
    this.#parts.push(u16be(n))
    return this
  }
  u32(n: number): this {
    this.#parts.push(u32be(n))
    return this
  }
  u64(n: bigint): this {
    this.#parts.push(u64be(n))
    return this
  }
  bytes(b: Uint8Array): this {
    this.#parts.push(b)
    return this
  }
  vec8(b: Uint8Array): this {
    if (b.length > 0xff) throw new E2eeError('invalid-argument', 'field too long')
    return this.u8(b.length).bytes(b)
  }
  vec16(b: Uint8Array): this {
    if (b.length > 0xffff) throw new E2eeError('invalid-argument', 'field too long')
    return this.u16(b.length).bytes(b)
  }
  finish(): Bytes {
    return concat(...this.#parts)
  }
}

export class Reader {
  readonly #buf: Uint8Array
  #off = 0

  constructor(buf: Uint8Array) {
    this.#buf = buf
  }

  get offset(): number {
    return this.#off
  }

  bytes(n: number): Bytes {
    if (this.#off + n > this.#buf.length) throw new E2eeError('malformed', 'truncated')
    const out = this.#buf.slice(this.#off, this.#off + n)
    this.#off += n
    return out
  }
  u8(): number {
    return this.bytes(1)[0]!
  }
  u16(): number {
    const b = this.bytes(2)
    return (b[0]! << 8) | b[1]!
  }
  u32(): number {
    return new DataView(this.bytes(4).buffer).getUint32(0)
  }
  u64(): bigint {
    return new DataView(this.bytes(8).buffer).getBigUint64(0)
  }
  vec8(): Bytes {
    return this.bytes(this.u8())
  }
  vec16(): Bytes {
    return this.bytes(this.u16())
  }
  rest(): Bytes {
    return this.bytes(this.#buf.length - this.#off)
  }
  end(): void {
    if (this.#off !== this.#buf.length) throw new E2eeError('malformed', 'trailing bytes')
  }
}

/** Reads and checks version and type; returns the reader positioned after them. */
export function openMessage(buf: Uint8Array, type: number): Reader {
  const r = new Reader(buf)
  if (r.u8() !== WIRE_VERSION) throw new E2eeError('unsupported-version')
  if (r.u8() !== type) throw new E2eeError('malformed', 'message type')
  return r
}
