// Test helper (not a test file): builds members of a call with identities, per-call X-Wing keys,
// DTLS fingerprints and SAS commitments, a host-signed roster, and runs pairwise handshakes.

import { bytesToHex, randomBytes } from './bytes.ts'
import type { PairwiseSession } from './control-channel.ts'
import { HandshakeInitiator, HandshakeResponder, type LocalParty } from './handshake.ts'
import { DeviceIdentity } from './identity.ts'
import { Roster } from './roster.ts'
import { CallSas } from './sas.ts'
import { nobleXWing, type XWingKem } from './xwing.ts'

export interface Member {
  readonly slot: number
  readonly accountId: string
  readonly identity: DeviceIdentity
  readonly sas: CallSas
  readonly local: LocalParty
}

export const kem: XWingKem = nobleXWing()

export function randomFingerprint(): string {
  return `sha-256 ${bytesToHex(randomBytes(32)).toUpperCase().match(/../g)?.join(':') ?? ''}`
}

export async function makeMember(callId: string, slot: number, slots: number[], accountId = `acct-${slot}`) {
  const identity = await DeviceIdentity.generate()
  const ephemeral = await kem.generateKeyPair()
  const dtlsFingerprint = randomFingerprint()
  const self = {
    slot,
    deviceKey: identity.publicKey,
    ephemeralPublicKey: ephemeral.publicKey,
    dtlsFingerprint,
  }
  const sas = await CallSas.create(callId, self, slots)
  const local: LocalParty = { identity, slot, ephemeral, dtlsFingerprint, commitment: sas.commitment }
  return { slot, accountId, identity, sas, local } satisfies Member
}

export async function makeCall(n: number, callId = 'call-1') {
  const slots = Array.from({ length: n }, (_, i) => i)
  const members = await Promise.all(slots.map((s) => makeMember(callId, s, slots)))
  const host = members[0]!.identity
  const roster = await Roster.sign(
    host,
    callId,
    1,
    members.map((m) => ({ slot: m.slot, accountId: m.accountId, deviceKey: m.identity.publicKey })),
  )
  return { callId, host, roster, members }
}

/** A full handshake between a (initiator) and b (responder), each with its own view of the roster. */
export async function handshake(
  callId: string,
  a: Member,
  rosterA: Roster,
  b: Member,
  rosterB: Roster = rosterA,
): Promise<{ ab: PairwiseSession; ba: PairwiseSession }> {
  const init = await HandshakeInitiator.start({ callId, roster: rosterA, local: a.local }, b.slot)
  const resp = await HandshakeResponder.respond(
    { callId, roster: rosterB, local: b.local },
    kem,
    init.message,
    a.local.dtlsFingerprint,
  )
  const { confirmation, session: ab } = await init.finish(resp.message, b.local.dtlsFingerprint)
  const ba = await resp.confirm(confirmation)
  return { ab, ba }
}
