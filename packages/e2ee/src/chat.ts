// In-call chat (E2EE.md section 6): SFrame under chat_base = HKDF-Expand(base_key, "TH chat v1", Nh)
// with its own KID context and counters, AAD = vec8(call_id) | type | slot, and the sender's
// Ed25519 signature inside the ciphertext (SFrame alone does not authenticate individual senders).
//   wire      = ver | 0x05 | u8 type | SFrame (header | ciphertext | tag)
//   plaintext = sig (64) | u32 length | message | zero padding to a multiple of 256 bytes
//   sig       = Ed25519("TH chat v1 sig", vec8(call_id) | type | slot | u64 KID | u64 CTR | message)
// The signature covers KID and CTR, so a member holding the group key cannot replay or re-frame
// another member's message.

import { concat, equalBytes, fromUtf8, utf8, type Bytes } from './bytes.ts'
import { E2eeError } from './errors.ts'
import { SIGNATURE_LENGTH, type DeviceIdentity } from './identity.ts'
import { hkdfExpand } from './kdf.ts'
import { decodeHeader } from './header.ts'
import { checkSlot, splitKid } from './kid.ts'
import { ReceiverContext } from './receiver.ts'
import type { Roster } from './roster.ts'
import { SenderContext } from './sender.ts'
import { SenderKey, senderKeyBytes } from './sender-key.ts'
import { DEFAULT_SUITE, suiteParams, type CipherSuiteId } from './suites.ts'
import { MessageType, openMessage, Reader, WIRE_VERSION, Writer } from './wire.ts'

export const CHAT_PAD_BUCKET = 256
export const CHAT_MAX_MESSAGE = 16 * 1024
export const ChatType = { text: 1, system: 2 } as const
const SIG_CONTEXT = 'TH chat v1 sig'

export async function deriveChatKey(suiteId: CipherSuiteId, baseKey: SenderKey): Promise<SenderKey> {
  const suite = suiteParams(suiteId)
  const chatBase = await hkdfExpand(suite.hash, senderKeyBytes(baseKey), utf8('TH chat v1'), suite.nh)
  return SenderKey.fromBytes(chatBase)
}

function aad(callId: string, type: number, slot: number): Bytes {
  return new Writer().vec8(utf8(callId)).u8(type).u8(slot).finish()
}

function signedPart(
  callId: string,
  type: number,
  slot: number,
  kid: bigint,
  ctr: bigint,
  message: Uint8Array,
) {
  return new Writer().vec8(utf8(callId)).u8(type).u8(slot).u64(kid).u64(ctr).bytes(message).finish()
}

export interface ChatMessage {
  readonly slot: number
  readonly accountId: string
  readonly type: number
  readonly text: string
  readonly epoch: number
}

export class ChatSender {
  readonly #callId: string
  readonly #identity: DeviceIdentity
  readonly #frames: SenderContext

  private constructor(callId: string, identity: DeviceIdentity, frames: SenderContext) {
    this.#callId = callId
    this.#identity = identity
    this.#frames = frames
  }

  static create(options: { callId: string; slot: number; identity: DeviceIdentity; suite?: CipherSuiteId }) {
    const frames = SenderContext.create({ slot: options.slot, suite: options.suite ?? DEFAULT_SUITE })
    return new ChatSender(options.callId, options.identity, frames)
  }

  /** Follow the media sender: call with the same epoch and base key as SenderContext.setKey. */
  async setKey(epoch: number, mediaKey: SenderKey): Promise<void> {
    await this.#frames.setKey(epoch, await deriveChatKey(this.#frames.suite, mediaKey))
  }

  async seal(type: number, text: string): Promise<Bytes> {
    if (!Number.isInteger(type) || type < 0 || type > 255) throw new E2eeError('invalid-argument', 'type')
    const message = utf8(text)
    if (message.length > CHAT_MAX_MESSAGE) throw new E2eeError('invalid-argument', 'message too long')
    const slot = this.#frames.slot
    const frame = await this.#frames.encryptWith(aad(this.#callId, type, slot), async (kid, ctr) => {
      const sig = await this.#identity.sign(
        SIG_CONTEXT,
        signedPart(this.#callId, type, slot, kid, ctr, message),
      )
      const body = new Writer().bytes(sig).u32(message.length).bytes(message).finish()
      return concat(
        body,
        new Uint8Array((CHAT_PAD_BUCKET - (body.length % CHAT_PAD_BUCKET)) % CHAT_PAD_BUCKET),
      )
    })
    return new Writer().u8(WIRE_VERSION).u8(MessageType.chat).u8(type).bytes(frame).finish()
  }
}

export class ChatReceiver {
  readonly #callId: string
  readonly #roster: Roster
  readonly #frames: ReceiverContext

  private constructor(callId: string, roster: Roster, frames: ReceiverContext) {
    this.#callId = callId
    this.#roster = roster
    this.#frames = frames
  }

  static create(options: { callId: string; roster: Roster; suite?: CipherSuiteId }): ChatReceiver {
    const frames = ReceiverContext.create({ suite: options.suite ?? DEFAULT_SUITE })
    return new ChatReceiver(options.callId, options.roster, frames)
  }

  async setSenderKey(slot: number, epoch: number, mediaKey: SenderKey): Promise<void> {
    checkSlot(slot)
    await this.#frames.setSenderKey(slot, epoch, await deriveChatKey(this.#frames.suite, mediaKey))
  }

  removeSender(slot: number): void {
    this.#frames.removeSender(slot)
  }

  /** Decrypts and verifies the sender's signature against the roster key of the KID's slot. */
  async open(wire: Uint8Array): Promise<ChatMessage> {
    const r = openMessage(wire, MessageType.chat)
    const type = r.u8()
    const frame = r.rest()
    const { slot } = splitKid(decodeHeader(frame).kid)
    const member = this.#roster.memberBySlot(slot)
    if (member === undefined) throw new E2eeError('not-on-roster')
    const out = await this.#frames.decrypt(frame, aad(this.#callId, type, slot))
    try {
      if (out.payload.length % CHAT_PAD_BUCKET !== 0) throw new E2eeError('malformed', 'padding')
      const p = new Reader(out.payload)
      const sig = p.bytes(SIGNATURE_LENGTH)
      const message = p.bytes(p.u32())
      const padding = p.rest()
      if (!equalBytes(padding, new Uint8Array(padding.length))) throw new E2eeError('malformed', 'padding')
      const signed = signedPart(this.#callId, type, slot, out.kid, BigInt(out.ctr), message)
      if (!(await member.deviceKey.verify(SIG_CONTEXT, signed, sig))) throw new E2eeError('bad-signature')
      return { slot, accountId: member.accountId, type, text: fromUtf8(message), epoch: out.epoch }
    } finally {
      out.payload.fill(0)
    }
  }
}
