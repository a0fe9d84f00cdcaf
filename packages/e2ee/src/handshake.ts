// Pairwise authenticated key exchange (E2EE.md section 2), server-relayed, one per pair of members.
//   1. A -> B  msg1: A's device key, per-call X-Wing key, DTLS fingerprint, SAS commitment,
//              signed by A ("TH-HS v1 msg1").
//   2. B -> A  msg2: B's device key and X-Wing key, ct = XWing.Encap(A.eph_pk), B's fingerprint and
//              commitment, signed by B over SHA-256(msg1) | msg2 body ("TH-HS v1 msg2").
//   3. Both:   K | K_confirm = HKDF-SHA-256(ss, salt = SHA-256(msg1 | msg2), info = "TH-HS v1", 64).
//              The first 32 bytes are exactly the spec's K (HKDF's first block does not depend on
//              the output length). A -> B msg3 = HMAC-SHA-256(K_confirm, "TH-HS v1 confirm" | th).
// Rules: both devices must be on the signed roster at the slots they claim; the signed
// fingerprint must equal the one from the SDP; the X-Wing key is fresh per call (caller's job).

import { concat, equalBytes, utf8, type Bytes } from './bytes.ts'
import { PairwiseSession, type PeerInfo } from './control-channel.ts'
import { E2eeError } from './errors.ts'
import {
  canonicalFingerprint,
  decodeConfirm,
  decodeHandshake,
  encodeConfirm,
  encodeHandshakeBody,
  type HandshakeBody,
  type ParsedHandshake,
} from './handshake-codec.ts'
import type { DeviceIdentity } from './identity.ts'
import { hkdf, hmac, sha256 } from './kdf.ts'
import type { Roster, RosterMember } from './roster.ts'
import { MessageType } from './wire.ts'
import type { XWingKem, XWingKeyPair } from './xwing.ts'

const CTX_MSG1 = 'TH-HS v1 msg1'
const CTX_MSG2 = 'TH-HS v1 msg2'
const INFO = utf8('TH-HS v1')
const CONFIRM_LABEL = utf8('TH-HS v1 confirm')

export interface LocalParty {
  readonly identity: DeviceIdentity
  readonly slot: number
  /** This member's X-Wing key for this call (fresh per call, one per member). */
  readonly ephemeral: XWingKeyPair
  /** This device's own a=fingerprint. */
  readonly dtlsFingerprint: string
  /** SHA-256(r) from CallSas.commitment. */
  readonly commitment: Uint8Array
}

export interface HandshakeContext {
  readonly callId: string
  readonly roster: Roster
  readonly local: LocalParty
}

function localBody(ctx: HandshakeContext, toSlot: number, ciphertext?: Bytes): HandshakeBody {
  const me = ctx.roster.memberBySlot(ctx.local.slot)
  if (me === undefined || !me.deviceKey.equals(ctx.local.identity.publicKey))
    throw new E2eeError('not-on-roster')
  if (ctx.local.commitment.length !== 32) throw new E2eeError('invalid-argument', 'commitment')
  return {
    callId: ctx.callId,
    fromSlot: ctx.local.slot,
    toSlot,
    deviceKey: ctx.local.identity.publicKey,
    ephemeralPublicKey: ctx.local.ephemeral.publicKey,
    ciphertext,
    dtlsFingerprint: canonicalFingerprint(ctx.local.dtlsFingerprint),
    commitment: new Uint8Array(ctx.local.commitment),
  }
}

/** Roster, addressing and signature checks, then the DTLS fingerprint rule. */
async function checkPeer(
  ctx: HandshakeContext,
  parsed: ParsedHandshake,
  context: string,
  signedPrefix: Uint8Array,
  expectedDtls: string,
): Promise<RosterMember> {
  const { body } = parsed
  if (body.callId !== ctx.callId || body.toSlot !== ctx.local.slot)
    throw new E2eeError('malformed', 'addressing')
  const member = ctx.roster.memberBySlot(body.fromSlot)
  if (member === undefined || !member.deviceKey.equals(body.deviceKey)) throw new E2eeError('not-on-roster')
  if (body.deviceKey.equals(ctx.local.identity.publicKey)) throw new E2eeError('not-on-roster')
  const ok = await body.deviceKey.verify(context, concat(signedPrefix, parsed.signed), parsed.signature)
  if (!ok) throw new E2eeError('bad-signature')
  if (body.dtlsFingerprint !== canonicalFingerprint(expectedDtls)) throw new E2eeError('dtls-mismatch')
  return member
}

function peerInfo(member: RosterMember, body: HandshakeBody): PeerInfo {
  return {
    slot: member.slot,
    accountId: member.accountId,
    deviceKey: body.deviceKey,
    ephemeralPublicKey: body.ephemeralPublicKey,
    dtlsFingerprint: body.dtlsFingerprint,
    commitment: body.commitment,
  }
}

async function deriveKeys(ss: Uint8Array, msg1: Uint8Array, msg2: Uint8Array) {
  const th = await sha256(concat(msg1, msg2))
  const okm = await hkdf('SHA-256', ss, th, INFO, 64)
  const k = okm.slice(0, 32)
  const mac = await hmac('SHA-256', okm.subarray(32), concat(CONFIRM_LABEL, th))
  okm.fill(0)
  return { k, mac }
}

export class HandshakeInitiator {
  /** msg1, to send to the peer. */
  readonly message: Bytes
  readonly #ctx: HandshakeContext
  #done = false

  private constructor(ctx: HandshakeContext, message: Bytes) {
    this.#ctx = ctx
    this.message = message
  }

  static async start(ctx: HandshakeContext, peerSlot: number): Promise<HandshakeInitiator> {
    if (ctx.roster.memberBySlot(peerSlot) === undefined) throw new E2eeError('not-on-roster')
    const body = encodeHandshakeBody(MessageType.handshakeInit, localBody(ctx, peerSlot))
    const sig = await ctx.local.identity.sign(CTX_MSG1, body)
    return new HandshakeInitiator(ctx, concat(body, sig))
  }

  /**
   * Processes msg2. `peerDtlsFingerprint` is the a=fingerprint from the SDP that arrived for this
   * peer. Returns msg3 (to send) and the session. A rejected msg2 leaves the handshake open.
   */
  async finish(
    msg2: Uint8Array,
    peerDtlsFingerprint: string,
  ): Promise<{ confirmation: Bytes; session: PairwiseSession }> {
    if (this.#done) throw new E2eeError('handshake-state')
    const parsed = await decodeHandshake(MessageType.handshakeResponse, msg2)
    const transcript1 = await sha256(this.message)
    const member = await checkPeer(this.#ctx, parsed, CTX_MSG2, transcript1, peerDtlsFingerprint)
    const ss = await this.#ctx.local.ephemeral.decapsulate(parsed.body.ciphertext ?? new Uint8Array(0))
    const { k, mac } = await deriveKeys(ss, this.message, msg2)
    ss.fill(0)
    if (this.#done) throw new E2eeError('handshake-state')
    this.#done = true
    const session = await PairwiseSession.establish(
      this.#ctx.callId,
      'initiator',
      peerInfo(member, parsed.body),
      k,
    )
    k.fill(0)
    return { confirmation: encodeConfirm(mac), session }
  }
}

export class HandshakeResponder {
  /** msg2, to send back. */
  readonly message: Bytes
  readonly peer: PeerInfo
  readonly #callId: string
  #k: Bytes | undefined
  readonly #mac: Bytes

  private constructor(callId: string, message: Bytes, peer: PeerInfo, k: Bytes, mac: Bytes) {
    this.#callId = callId
    this.message = message
    this.peer = peer
    this.#k = k
    this.#mac = mac
  }

  /** Processes msg1; `peerDtlsFingerprint` is the initiator's a=fingerprint from its SDP. */
  static async respond(
    ctx: HandshakeContext,
    kem: XWingKem,
    msg1: Uint8Array,
    peerDtlsFingerprint: string,
  ): Promise<HandshakeResponder> {
    const parsed = await decodeHandshake(MessageType.handshakeInit, msg1)
    const member = await checkPeer(ctx, parsed, CTX_MSG1, new Uint8Array(0), peerDtlsFingerprint)
    const { sharedSecret, ciphertext } = await kem.encapsulate(parsed.body.ephemeralPublicKey)
    const body = encodeHandshakeBody(MessageType.handshakeResponse, localBody(ctx, member.slot, ciphertext))
    const sig = await ctx.local.identity.sign(CTX_MSG2, concat(await sha256(msg1), body))
    const msg2 = concat(body, sig)
    const { k, mac } = await deriveKeys(sharedSecret, msg1, msg2)
    sharedSecret.fill(0)
    return new HandshakeResponder(ctx.callId, msg2, peerInfo(member, parsed.body), k, mac)
  }

  /** Checks the initiator's key confirmation (msg3) and opens the session. */
  async confirm(msg3: Uint8Array): Promise<PairwiseSession> {
    const k = this.#k
    if (k === undefined) throw new E2eeError('handshake-state')
    if (!equalBytes(decodeConfirm(msg3), this.#mac)) throw new E2eeError('key-confirmation-failed')
    this.#k = undefined
    const session = await PairwiseSession.establish(this.#callId, 'responder', this.peer, k)
    k.fill(0)
    return session
  }
}
