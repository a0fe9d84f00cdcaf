// Per-call short authentication string by commit-then-reveal (E2EE.md section 5).
// Each member draws r_i and publishes c_i = SHA-256(r_i) in its handshake messages; it reveals r_i
// (over the pairwise control channels) only once it holds the commitment of every roster member,
// so no one can pick r_i after seeing the others. Then
//   SAS = HKDF-SHA-256(ikm = SHA-256(vec8(call_id) | sorted(entries)), salt = "", info = "TH-SAS v1", 8)
//   entry_i = vec16(dev_pk record | eph_pk | vec8(dtls_fp) | r_i)
// shown as 6 digits (first 32 bits mod 10^6) or 7 emoji (first 42 bits, 6 bits each).
// A key or fingerprint swapped by the server shows up as a different SAS on the two sides.

import { compareBytes, equalBytes, randomBytes, utf8, type Bytes } from './bytes.ts'
import { E2eeError } from './errors.ts'
import type { DevicePublicKey } from './identity.ts'
import { hkdf, sha256 } from './kdf.ts'
import { checkSlot } from './kid.ts'
import { SAS_EMOJI, type SasEmoji } from './sas-emoji.ts'
import { Writer } from './wire.ts'

export interface SasMember {
  readonly slot: number
  readonly deviceKey: DevicePublicKey
  readonly ephemeralPublicKey: Uint8Array
  readonly dtlsFingerprint: string
}

/** A peer as learned from its handshake (PeerInfo has this shape). */
export interface SasPeer extends SasMember {
  readonly commitment: Uint8Array
}

export interface SasResult {
  readonly digits: string
  readonly emoji: readonly SasEmoji[]
}

interface Entry {
  readonly member: SasMember
  readonly commitment: Bytes
  secret: Bytes | undefined
}

export class CallSas {
  readonly callId: string
  /** c = SHA-256(r), to put in this member's handshake messages. */
  readonly commitment: Bytes
  readonly #expected: ReadonlySet<number>
  readonly #entries = new Map<number, Entry>()
  readonly #self: number
  #revealed = false

  private constructor(
    callId: string,
    expected: Set<number>,
    self: SasMember,
    secret: Bytes,
    commitment: Bytes,
  ) {
    this.callId = callId
    this.#expected = expected
    this.#self = self.slot
    this.commitment = commitment
    this.#entries.set(self.slot, { member: self, commitment, secret })
  }

  /** `memberSlots`: every roster slot in the call, including this member's. */
  static async create(callId: string, self: SasMember, memberSlots: readonly number[]): Promise<CallSas> {
    for (const s of memberSlots) checkSlot(s)
    const expected = new Set(memberSlots)
    if (!expected.has(self.slot) || expected.size < 2) throw new E2eeError('invalid-argument', 'member slots')
    const secret = randomBytes(32)
    return new CallSas(callId, expected, self, secret, await sha256(secret))
  }

  /** Records a peer's signed commitment. Refused once this member has revealed. */
  addPeer(peer: SasPeer): void {
    if (this.#revealed) throw new E2eeError('handshake-state', 'commitments closed')
    if (!this.#expected.has(peer.slot) || peer.slot === this.#self) throw new E2eeError('not-on-roster')
    if (peer.commitment.length !== 32) throw new E2eeError('malformed', 'commitment')
    const known = this.#entries.get(peer.slot)
    if (known !== undefined) {
      if (equalBytes(known.commitment, peer.commitment)) return
      throw new E2eeError('sas-commitment-mismatch')
    }
    this.#entries.set(peer.slot, {
      member: peer,
      commitment: new Uint8Array(peer.commitment),
      secret: undefined,
    })
  }

  get readyToReveal(): boolean {
    return [...this.#expected].every((s) => this.#entries.has(s))
  }

  /** r, to send in a 'sas-reveal' control message; only after every commitment is held. */
  reveal(): Bytes {
    if (!this.readyToReveal) throw new E2eeError('sas-not-ready')
    this.#revealed = true
    return new Uint8Array(this.#entries.get(this.#self)?.secret ?? new Uint8Array(0))
  }

  /** A peer's revealed r; must match its commitment. */
  async addReveal(slot: number, secret: Uint8Array): Promise<void> {
    const entry = this.#entries.get(slot)
    if (entry === undefined || !this.readyToReveal) throw new E2eeError('sas-not-ready')
    if (secret.length !== 32 || !equalBytes(await sha256(secret), entry.commitment))
      throw new E2eeError('sas-commitment-mismatch')
    entry.secret = new Uint8Array(secret)
  }

  get complete(): boolean {
    return this.readyToReveal && [...this.#entries.values()].every((e) => e.secret !== undefined)
  }

  async result(): Promise<SasResult> {
    if (!this.#revealed || !this.complete) throw new E2eeError('sas-not-ready')
    const entries = [...this.#entries.values()].map((e) =>
      new Writer()
        .vec16(
          new Writer()
            .bytes(e.member.deviceKey.record)
            .bytes(e.member.ephemeralPublicKey)
            .vec8(utf8(e.member.dtlsFingerprint))
            .bytes(e.secret ?? new Uint8Array(0))
            .finish(),
        )
        .finish(),
    )
    entries.sort(compareBytes)
    const input = new Writer().vec8(utf8(this.callId))
    for (const e of entries) input.bytes(e)
    const sas = await hkdf('SHA-256', await sha256(input.finish()), new Uint8Array(0), utf8('TH-SAS v1'), 8)
    return renderSas(sas)
  }
}

/** 6 digits from the first 32 bits, 7 emoji from the first 42 bits. */
export function renderSas(sas: Uint8Array): SasResult {
  const view = new DataView(sas.buffer, sas.byteOffset, sas.byteLength)
  const digits = String(view.getUint32(0) % 1_000_000).padStart(6, '0')
  let bits = 0n
  for (let i = 0; i < 6; i++) bits = (bits << 8n) | BigInt(sas[i] ?? 0)
  const emoji: SasEmoji[] = []
  for (let i = 0; i < 7; i++) emoji.push(SAS_EMOJI[Number((bits >> BigInt(42 - 6 * i)) & 63n)]!)
  return { digits, emoji }
}
