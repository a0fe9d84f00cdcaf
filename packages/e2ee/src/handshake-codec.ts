// Binary encoding of the pairwise handshake (E2EE.md section 2). See README "Message formats".
//   msg1 = ver | 0x01 | vec8(call_id) | u8 from_slot | u8 to_slot | dev_pk record (33)
//          | eph_pk (1216) | vec8(dtls_fp) | c (32) | sig (64)
//   msg2 = ver | 0x02 | vec8(call_id) | u8 from_slot | u8 to_slot | dev_pk record (33)
//          | eph_pk (1216) | ct (1120) | vec8(dtls_fp) | c (32) | sig (64)
//   msg3 = ver | 0x03 | mac (32)
// Slots bind each message to its sender and intended recipient on the roster. msg2 carries the
// responder's own per-call eph_pk, which the section 5 SAS needs from every member.

import { fromUtf8, utf8, type Bytes } from './bytes.ts'
import { E2eeError } from './errors.ts'
import { DevicePublicKey, KEY_RECORD_LENGTH, SIGNATURE_LENGTH } from './identity.ts'
import { MessageType, openMessage, WIRE_VERSION, Writer } from './wire.ts'
import { XWING_CT_LENGTH, XWING_PK_LENGTH } from './xwing.ts'

export interface HandshakeBody {
  readonly callId: string
  readonly fromSlot: number
  readonly toSlot: number
  readonly deviceKey: DevicePublicKey
  readonly ephemeralPublicKey: Bytes
  /** Present in msg2 only. */
  readonly ciphertext: Bytes | undefined
  readonly dtlsFingerprint: string
  readonly commitment: Bytes
}

export interface ParsedHandshake {
  readonly body: HandshakeBody
  /** The signed bytes (everything before the signature). */
  readonly signed: Bytes
  readonly signature: Bytes
}

const HASHES = new Set(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512'])

/**
 * Canonical form of an SDP a=fingerprint value (RFC 8122): lower-case hash name, one space,
 * upper-case colon-separated hex. Accepts an optional "a=fingerprint:" prefix.
 */
export function canonicalFingerprint(value: string): string {
  const m = /^(?:a=fingerprint:)?\s*([A-Za-z0-9-]+)\s+((?:[0-9A-Fa-f]{2}:)+[0-9A-Fa-f]{2})\s*$/.exec(value)
  const hash = m?.[1]?.toLowerCase()
  if (m === null || hash === undefined || !HASHES.has(hash))
    throw new E2eeError('invalid-argument', 'dtls fingerprint')
  return `${hash} ${(m[2] ?? '').toUpperCase()}`
}

export function encodeHandshakeBody(type: 1 | 2, b: HandshakeBody): Bytes {
  const w = new Writer().u8(WIRE_VERSION).u8(type).vec8(utf8(b.callId)).u8(b.fromSlot).u8(b.toSlot)
  w.bytes(b.deviceKey.record).bytes(b.ephemeralPublicKey)
  if (type === MessageType.handshakeResponse) {
    if (b.ciphertext?.length !== XWING_CT_LENGTH) throw new E2eeError('invalid-argument', 'ciphertext')
    w.bytes(b.ciphertext)
  }
  return w.vec8(utf8(b.dtlsFingerprint)).bytes(b.commitment).finish()
}

export async function decodeHandshake(type: 1 | 2, msg: Uint8Array): Promise<ParsedHandshake> {
  const r = openMessage(msg, type)
  const callId = fromUtf8(r.vec8())
  const fromSlot = r.u8()
  const toSlot = r.u8()
  const deviceKey = await DevicePublicKey.fromRecord(r.bytes(KEY_RECORD_LENGTH))
  const ephemeralPublicKey = r.bytes(XWING_PK_LENGTH)
  const ciphertext = type === MessageType.handshakeResponse ? r.bytes(XWING_CT_LENGTH) : undefined
  let dtlsFingerprint: string
  try {
    dtlsFingerprint = canonicalFingerprint(fromUtf8(r.vec8()))
  } catch {
    throw new E2eeError('malformed', 'dtls fingerprint')
  }
  const commitment = r.bytes(32)
  const signedLength = r.offset
  const signature = r.bytes(SIGNATURE_LENGTH)
  r.end()
  const body = {
    callId,
    fromSlot,
    toSlot,
    deviceKey,
    ephemeralPublicKey,
    ciphertext,
    dtlsFingerprint,
    commitment,
  }
  return { body, signed: msg.slice(0, signedLength), signature }
}

export function encodeConfirm(mac: Uint8Array): Bytes {
  return new Writer().u8(WIRE_VERSION).u8(MessageType.handshakeConfirm).bytes(mac).finish()
}

export function decodeConfirm(msg: Uint8Array): Bytes {
  const r = openMessage(msg, MessageType.handshakeConfirm)
  const mac = r.bytes(32)
  r.end()
  return mac
}
