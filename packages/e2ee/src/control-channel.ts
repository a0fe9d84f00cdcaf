// The pairwise control channel (E2EE.md section 2, step 3): every message after the handshake
// (sender keys, ratchet notices, acks, SAS reveals) is AES-256-GCM under K.
//   wire  = ver | 0x04 | u64 counter | ciphertext | tag
//   nonce = u32 direction (1: initiator->responder, 2: responder->initiator) | u64 counter
//   AAD   = ver | 0x04 | u64 counter | u32 direction
// Each direction counts from 0; a receiver accepts exactly the next counter, so replayed, dropped
// or reordered messages are rejected, and a message that fails to authenticate changes nothing.

import { asBytes, concat, u32be, type Bytes } from './bytes.ts'
import { E2eeError } from './errors.ts'
import type { DevicePublicKey } from './identity.ts'
import { checkEpoch } from './kid.ts'
import { SenderKey, senderKeyBytes } from './sender-key.ts'
import { MessageType, openMessage, Reader, WIRE_VERSION, Writer } from './wire.ts'

export type ControlMessage =
  | { readonly kind: 'sender-key'; readonly epoch: number; readonly key: SenderKey }
  | { readonly kind: 'ratchet'; readonly epoch: number }
  | { readonly kind: 'key-ack'; readonly epoch: number }
  | { readonly kind: 'sas-reveal'; readonly secret: Bytes }

const Kind = { 'sender-key': 1, ratchet: 2, 'key-ack': 3, 'sas-reveal': 4 } as const

/** What the handshake established about the peer (all of it signed by the peer). */
export interface PeerInfo {
  readonly slot: number
  readonly accountId: string
  readonly deviceKey: DevicePublicKey
  readonly ephemeralPublicKey: Bytes
  readonly dtlsFingerprint: string
  readonly commitment: Bytes
}

export type HandshakeRole = 'initiator' | 'responder'

function encodePlain(msg: ControlMessage): Bytes {
  const w = new Writer().u8(Kind[msg.kind])
  switch (msg.kind) {
    case 'sender-key':
      return w.u32(msg.epoch).vec8(senderKeyBytes(msg.key)).finish()
    case 'ratchet':
    case 'key-ack':
      return w.u32(msg.epoch).finish()
    case 'sas-reveal':
      if (msg.secret.length !== 32) throw new E2eeError('invalid-argument', 'sas secret')
      return w.bytes(msg.secret).finish()
    default:
      return msg satisfies never
  }
}

function decodePlain(plain: Uint8Array): ControlMessage {
  const r = new Reader(plain)
  const kind = r.u8()
  let msg: ControlMessage
  if (kind === Kind['sender-key']) {
    const epoch = r.u32()
    const raw = r.vec8()
    msg = { kind: 'sender-key', epoch, key: SenderKey.fromBytes(raw) }
    raw.fill(0)
  } else if (kind === Kind.ratchet || kind === Kind['key-ack']) {
    msg = { kind: kind === Kind.ratchet ? 'ratchet' : 'key-ack', epoch: r.u32() }
  } else if (kind === Kind['sas-reveal']) {
    msg = { kind: 'sas-reveal', secret: r.bytes(32) }
  } else {
    throw new E2eeError('malformed', 'control kind')
  }
  r.end()
  if (msg.kind !== 'sas-reveal') checkEpoch(msg.epoch)
  return msg
}

/** An authenticated pairwise session with one peer, with its control channel. */
export class PairwiseSession {
  readonly callId: string
  readonly role: HandshakeRole
  readonly peer: PeerInfo
  readonly #key: CryptoKey
  #sent = 0
  #received = 0

  private constructor(callId: string, role: HandshakeRole, peer: PeerInfo, key: CryptoKey) {
    this.callId = callId
    this.role = role
    this.peer = peer
    this.#key = key
  }

  /** Internal: called by the handshake once K is confirmed. */
  static async establish(
    callId: string,
    role: HandshakeRole,
    peer: PeerInfo,
    k: Bytes,
  ): Promise<PairwiseSession> {
    const key = await globalThis.crypto.subtle.importKey('raw', k, 'AES-GCM', false, ['encrypt', 'decrypt'])
    return new PairwiseSession(callId, role, peer, key)
  }

  #params(outgoing: boolean, header: Bytes): AesGcmParams {
    const fromInitiator = (this.role === 'initiator') === outgoing
    const direction = u32be(fromInitiator ? 1 : 2)
    const ctr = header.subarray(2, 10)
    return {
      name: 'AES-GCM',
      iv: concat(direction, ctr),
      additionalData: concat(header, direction),
      tagLength: 128,
    }
  }

  async seal(msg: ControlMessage): Promise<Bytes> {
    const plain = encodePlain(msg)
    const counter = this.#sent++
    const header = new Writer().u8(WIRE_VERSION).u8(MessageType.control).u64(BigInt(counter)).finish()
    const ct = await globalThis.crypto.subtle.encrypt(this.#params(true, header), this.#key, plain)
    plain.fill(0)
    return concat(header, new Uint8Array(ct))
  }

  async open(wire: Uint8Array): Promise<ControlMessage> {
    const r = openMessage(wire, MessageType.control)
    const counter = r.u64()
    const expected = BigInt(this.#received)
    if (counter < expected) throw new E2eeError('replay')
    if (counter > expected) throw new E2eeError('reordered')
    const header = asBytes(wire.slice(0, r.offset))
    let plain: Bytes
    try {
      const params = this.#params(false, header)
      plain = new Uint8Array(await globalThis.crypto.subtle.decrypt(params, this.#key, r.rest()))
    } catch {
      throw new E2eeError('auth-failed')
    }
    // a concurrent open of the same message may have won the race
    if (BigInt(this.#received) !== counter) throw new E2eeError('replay')
    this.#received++
    try {
      return decodePlain(plain)
    } finally {
      plain.fill(0)
    }
  }
}
