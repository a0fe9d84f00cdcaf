// The signed roster (E2EE.md section 2, "Admission"): the host's client signs the call's members
// (identity key, account, slot); keys go only to roster members, and a handshake with a key that
// is not on it is rejected.
//   roster = ver | 0x10 | vec8(call_id) | u32 version | u8 count
//            | count x (u8 slot | key record (33) | vec8(account_id)) | sig (64)
//   sig = Ed25519_host("TH roster v1", everything before sig)

import { fromUtf8, utf8, type Bytes } from './bytes.ts'
import { E2eeError } from './errors.ts'
import { DevicePublicKey, KEY_RECORD_LENGTH, SIGNATURE_LENGTH, type DeviceIdentity } from './identity.ts'
import { checkSlot, MAX_SLOT } from './kid.ts'
import { MessageType, openMessage, WIRE_VERSION, Writer } from './wire.ts'

const CONTEXT = 'TH roster v1'

export interface RosterMember {
  readonly slot: number
  readonly accountId: string
  readonly deviceKey: DevicePublicKey
}

function checkMembers(members: readonly RosterMember[]): void {
  if (members.length === 0 || members.length > MAX_SLOT + 1)
    throw new E2eeError('invalid-argument', 'roster size')
  const slots = new Set<number>()
  for (const m of members) {
    checkSlot(m.slot)
    if (slots.has(m.slot)) throw new E2eeError('invalid-argument', 'duplicate slot')
    slots.add(m.slot)
    if (members.some((o) => o !== m && o.deviceKey.equals(m.deviceKey)))
      throw new E2eeError('invalid-argument', 'duplicate device key')
  }
}

export class Roster {
  readonly callId: string
  readonly version: number
  readonly members: readonly RosterMember[]
  /** The signed encoding, to distribute to members. */
  readonly encoded: Bytes

  private constructor(callId: string, version: number, members: readonly RosterMember[], encoded: Bytes) {
    this.callId = callId
    this.version = version
    this.members = members
    this.encoded = encoded
  }

  static async sign(
    host: DeviceIdentity,
    callId: string,
    version: number,
    members: RosterMember[],
  ): Promise<Roster> {
    checkMembers(members)
    const sorted = [...members].sort((a, b) => a.slot - b.slot)
    const w = new Writer()
      .u8(WIRE_VERSION)
      .u8(MessageType.roster)
      .vec8(utf8(callId))
      .u32(version)
      .u8(sorted.length)
    for (const m of sorted) w.u8(m.slot).bytes(m.deviceKey.record).vec8(utf8(m.accountId))
    const body = w.finish()
    const sig = await host.sign(CONTEXT, body)
    return new Roster(callId, version, sorted, new Writer().bytes(body).bytes(sig).finish())
  }

  /** Verifies the host's signature and that the roster is for this call. */
  static async verify(encoded: Uint8Array, host: DevicePublicKey, callId: string): Promise<Roster> {
    if (encoded.length < SIGNATURE_LENGTH) throw new E2eeError('malformed', 'roster')
    const body = encoded.subarray(0, encoded.length - SIGNATURE_LENGTH)
    if (!(await host.verify(CONTEXT, body, encoded.subarray(body.length))))
      throw new E2eeError('bad-signature')
    const r = openMessage(body, MessageType.roster)
    if (fromUtf8(r.vec8()) !== callId) throw new E2eeError('malformed', 'roster call_id')
    const version = r.u32()
    const count = r.u8()
    const members: RosterMember[] = []
    for (let i = 0; i < count; i++) {
      const slot = r.u8()
      const deviceKey = await DevicePublicKey.fromRecord(r.bytes(KEY_RECORD_LENGTH))
      members.push({ slot, deviceKey, accountId: fromUtf8(r.vec8()) })
    }
    r.end()
    try {
      checkMembers(members)
    } catch {
      throw new E2eeError('malformed', 'roster members')
    }
    return new Roster(callId, version, members, new Uint8Array(encoded))
  }

  memberBySlot(slot: number): RosterMember | undefined {
    return this.members.find((m) => m.slot === slot)
  }

  memberByKey(key: DevicePublicKey): RosterMember | undefined {
    return this.members.find((m) => m.deviceKey.equals(key))
  }
}
