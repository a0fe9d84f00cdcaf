// Commit-then-reveal SAS over a real mesh of handshakes: everyone agrees in an honest call; a
// man-in-the-middle with its own identities (poisoned rosters) makes the codes differ.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { randomBytes } from './bytes.ts'
import type { PairwiseSession } from './control-channel.ts'
import { isE2eeError } from './errors.ts'
import { Roster } from './roster.ts'
import { renderSas, type SasResult } from './sas.ts'
import { SAS_EMOJI } from './sas-emoji.ts'
import { handshake, makeCall, makeMember, type Member } from './test-call.ts'

async function honestMesh(n: number) {
  const call = await makeCall(n)
  const sessions = new Map<string, PairwiseSession>() // "from->to"
  for (const a of call.members)
    for (const b of call.members)
      if (a.slot < b.slot) {
        const { ab, ba } = await handshake(call.callId, a, call.roster, b)
        sessions.set(`${a.slot}->${b.slot}`, ab)
        sessions.set(`${b.slot}->${a.slot}`, ba)
      }
  for (const m of call.members)
    for (const s of sessions.values())
      if (sessions.get(`${m.slot}->${s.peer.slot}`) === s) m.sas.addPeer(s.peer)
  return { call, sessions }
}

async function exchangeReveals(
  members: Member[],
  sessions: Map<string, PairwiseSession>,
): Promise<SasResult[]> {
  for (const m of members) {
    const secret = m.sas.reveal()
    for (const peer of members) {
      if (peer === m) continue
      const out = sessions.get(`${m.slot}->${peer.slot}`)!
      const inbound = sessions.get(`${peer.slot}->${m.slot}`)!
      const msg = await inbound.open(await out.seal({ kind: 'sas-reveal', secret }))
      assert.equal(msg.kind, 'sas-reveal')
      if (msg.kind === 'sas-reveal') await peer.sas.addReveal(m.slot, msg.secret)
    }
  }
  return Promise.all(members.map((m) => m.sas.result()))
}

test('all members of an honest 4-person call get the same 6 digits and 7 emoji', async () => {
  const { call, sessions } = await honestMesh(4)
  const results = await exchangeReveals(call.members, sessions)
  for (const r of results) assert.deepEqual(r, results[0])
  assert.match(results[0]!.digits, /^\d{6}$/)
  assert.equal(results[0]!.emoji.length, 7)
})

test('reveal only after holding every commitment; late commitments and bad reveals are refused', async () => {
  const call = await makeCall(3)
  const [a, b, c] = call.members as [Member, Member, Member]
  const { ab, ba } = await handshake(call.callId, a, call.roster, b)
  a.sas.addPeer(ab.peer)
  b.sas.addPeer(ba.peer)
  assert.throws(
    () => a.sas.reveal(),
    (e) => isE2eeError(e, 'sas-not-ready'),
  )
  const { ab: ac, ba: ca } = await handshake(call.callId, a, call.roster, c)
  a.sas.addPeer(ac.peer)
  c.sas.addPeer(ca.peer)
  assert.ok(a.sas.readyToReveal)
  a.sas.reveal()
  const late = await makeMember(call.callId, 2, [0, 1, 2])
  assert.throws(
    () => a.sas.addPeer({ ...ac.peer, commitment: late.sas.commitment }),
    (e) => isE2eeError(e, 'handshake-state'),
  )
  await assert.rejects(a.sas.addReveal(1, randomBytes(32)), (e) => isE2eeError(e, 'sas-commitment-mismatch'))
  await assert.rejects(a.sas.result(), (e) => isE2eeError(e, 'sas-not-ready'))
})

test('a server MITM with its own identities and rosters changes the SAS', async () => {
  const callId = 'call-1'
  const a = await makeMember(callId, 0, [0, 1], 'clinician')
  const b = await makeMember(callId, 1, [0, 1], 'patient')
  const mToA = await makeMember(callId, 1, [0, 1], 'patient') // poses as the patient to A
  const mToB = await makeMember(callId, 0, [0, 1], 'clinician') // poses as the clinician to B
  // A's (poisoned) device list gives it M as the patient; B was given a roster signed by M
  const rosterA = await Roster.sign(a.identity, callId, 1, [
    { slot: 0, accountId: 'clinician', deviceKey: a.identity.publicKey },
    { slot: 1, accountId: 'patient', deviceKey: mToA.identity.publicKey },
  ])
  const rosterB = await Roster.sign(mToB.identity, callId, 1, [
    { slot: 0, accountId: 'clinician', deviceKey: mToB.identity.publicKey },
    { slot: 1, accountId: 'patient', deviceKey: b.identity.publicKey },
  ])
  const left = await handshake(callId, a, rosterA, mToA)
  const right = await handshake(callId, mToB, rosterB, b)
  // both handshakes succeed: only the SAS can expose this
  a.sas.addPeer(left.ab.peer)
  mToA.sas.addPeer(left.ba.peer)
  mToB.sas.addPeer(right.ab.peer)
  b.sas.addPeer(right.ba.peer)
  // M relays honestly what it can: its own secrets, since it cannot open A's commitment to B
  await a.sas.addReveal(1, mToA.sas.reveal())
  await mToA.sas.addReveal(0, a.sas.reveal())
  await b.sas.addReveal(0, mToB.sas.reveal())
  await mToB.sas.addReveal(1, b.sas.reveal())
  const [sasA, sasB] = [await a.sas.result(), await b.sas.result()]
  assert.notEqual(sasA.digits, sasB.digits)
  assert.notDeepEqual(sasA.emoji, sasB.emoji)
})

test('emoji table and rendering are fixed', () => {
  assert.equal(SAS_EMOJI.length, 64)
  assert.equal(new Set(SAS_EMOJI.map((e) => e.symbol)).size, 64)
  assert.equal(new Set(SAS_EMOJI.map((e) => e.name)).size, 64)
  const zero = renderSas(new Uint8Array(8))
  assert.equal(zero.digits, '000000')
  assert.deepEqual(
    zero.emoji.map((e) => e.name),
    Array<string>(7).fill('Dog'),
  )
  const ones = renderSas(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0]))
  assert.equal(ones.digits, '967295') // 4294967295 mod 10^6
  assert.deepEqual(
    ones.emoji.map((e) => e.name),
    Array<string>(7).fill('Pin'),
  )
  // bits 47..42 -> 0b000001 (Cat), 41..36 -> 0b000010 (Lion), ...
  const mixed = renderSas(new Uint8Array([0x04, 0x20, 0xc4, 0x14, 0x61, 0xc0, 0, 0]))
  assert.deepEqual(
    mixed.emoji.map((e) => e.name),
    ['Cat', 'Lion', 'Horse', 'Unicorn', 'Pig', 'Elephant', 'Rabbit'],
  )
})
