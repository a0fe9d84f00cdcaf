// The pairwise handshake and control channel against an active server: it can swap keys,
// fingerprints and identities, replay and reorder. Each attack must abort or be rejected.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { randomBytes, utf8 } from './bytes.ts'
import { isE2eeError, type E2eeErrorCode } from './errors.ts'
import { canonicalFingerprint } from './handshake-codec.ts'
import { HandshakeInitiator, HandshakeResponder } from './handshake.ts'
import { ReceiverContext } from './receiver.ts'
import { Roster } from './roster.ts'
import { SenderContext } from './sender.ts'
import { SenderKey } from './sender-key.ts'
import { handshake, kem, makeCall, makeMember, randomFingerprint } from './test-call.ts'

const code = (c: E2eeErrorCode) => (e: unknown) => isE2eeError(e, c)
// msg1 layout offsets for call_id "call-1": ver, type, vec8(6), from, to, record(33), eph(1216)
const EPH_OFFSET = 2 + 1 + 6 + 2 + 33
const DEV_OFFSET = 2 + 1 + 6 + 2

async function twoParty() {
  const call = await makeCall(3)
  const [a, b, c] = call.members as [
    (typeof call.members)[0],
    (typeof call.members)[0],
    (typeof call.members)[0],
  ]
  const ctxA = { callId: call.callId, roster: call.roster, local: a.local }
  const ctxB = { callId: call.callId, roster: call.roster, local: b.local }
  return { call, a, b, c, ctxA, ctxB }
}

test('handshake establishes a session; a sender key travels and decrypts media', async () => {
  const { call, a, b } = await twoParty()
  const { ab, ba } = await handshake(call.callId, a, call.roster, b)
  assert.equal(ab.peer.slot, 1)
  assert.ok(ab.peer.deviceKey.equals(b.identity.publicKey))
  assert.equal(ba.peer.accountId, 'acct-0')
  assert.equal(ba.peer.dtlsFingerprint, a.local.dtlsFingerprint)

  const key = SenderKey.generate()
  const sender = SenderContext.create({ slot: a.slot })
  await sender.setKey(1, key)
  const received = await ba.open(await ab.seal({ kind: 'sender-key', epoch: 1, key }))
  assert.equal(received.kind, 'sender-key')
  if (received.kind !== 'sender-key') return
  const receiver = ReceiverContext.create()
  await receiver.setSenderKey(ba.peer.slot, received.epoch, received.key)
  assert.deepEqual((await receiver.decrypt(await sender.encrypt(utf8('frame')))).payload, utf8('frame'))
  const ack = await ab.open(await ba.seal({ kind: 'key-ack', epoch: 1 }))
  assert.deepEqual(ack, { kind: 'key-ack', epoch: 1 })
})

test('an identity that is not on the roster is rejected, on either side', async () => {
  const { call, b, ctxB } = await twoParty()
  const outsider = await makeMember(call.callId, 0, [0, 1, 2])
  // outsider claims slot 0: the roster has another key there
  const ctxOut = { callId: call.callId, roster: call.roster, local: outsider.local }
  await assert.rejects(HandshakeInitiator.start(ctxOut, 1), code('not-on-roster'))
  // the server forges msg1 with the outsider's own (validly signed) message
  const forgedRoster = await Roster.sign(outsider.identity, call.callId, 1, [
    { slot: 0, accountId: 'acct-0', deviceKey: outsider.identity.publicKey },
    { slot: 1, accountId: 'acct-1', deviceKey: b.identity.publicKey },
  ])
  const init = await HandshakeInitiator.start({ ...ctxOut, roster: forgedRoster }, 1)
  await assert.rejects(
    HandshakeResponder.respond(ctxB, kem, init.message, outsider.local.dtlsFingerprint),
    code('not-on-roster'),
  )
  // and the forged roster itself does not verify under the real host key
  await assert.rejects(
    Roster.verify(forgedRoster.encoded, call.host.publicKey, call.callId),
    code('bad-signature'),
  )
})

test('a swapped X-Wing key in msg1 aborts the handshake', async () => {
  const { a, ctxA, ctxB } = await twoParty()
  const init = await HandshakeInitiator.start(ctxA, 1)
  const attacker = await kem.generateKeyPair()
  const forged = new Uint8Array(init.message)
  forged.set(attacker.publicKey, EPH_OFFSET)
  await assert.rejects(
    HandshakeResponder.respond(ctxB, kem, forged, a.local.dtlsFingerprint),
    code('bad-signature'),
  )
})

test('a swapped ciphertext or key in msg2 aborts the handshake', async () => {
  const { a, b, ctxA, ctxB } = await twoParty()
  const init = await HandshakeInitiator.start(ctxA, 1)
  const resp = await HandshakeResponder.respond(ctxB, kem, init.message, a.local.dtlsFingerprint)
  // the attacker encapsulates to A's key itself and splices its ciphertext in
  const { ciphertext } = await kem.encapsulate(a.local.ephemeral.publicKey)
  const forged = new Uint8Array(resp.message)
  forged.set(ciphertext, EPH_OFFSET + 1216)
  await assert.rejects(init.finish(forged, b.local.dtlsFingerprint), code('bad-signature'))
  const forgedEph = new Uint8Array(resp.message)
  forgedEph.set((await kem.generateKeyPair()).publicKey, EPH_OFFSET)
  await assert.rejects(init.finish(forgedEph, b.local.dtlsFingerprint), code('bad-signature'))
  // the genuine msg2 still completes: rejected messages changed nothing
  const { confirmation } = await init.finish(resp.message, b.local.dtlsFingerprint)
  await resp.confirm(confirmation)
})

test('a swapped identity key (another roster member) aborts the handshake', async () => {
  const { a, c, ctxA, ctxB } = await twoParty()
  const init = await HandshakeInitiator.start(ctxA, 1)
  const forged = new Uint8Array(init.message)
  forged.set(c.identity.publicKey.record, DEV_OFFSET)
  await assert.rejects(
    HandshakeResponder.respond(ctxB, kem, forged, a.local.dtlsFingerprint),
    code('not-on-roster'),
  )
  forged[DEV_OFFSET - 2] = c.slot // also claim C's slot: now the signature is wrong
  await assert.rejects(
    HandshakeResponder.respond(ctxB, kem, forged, a.local.dtlsFingerprint),
    code('bad-signature'),
  )
})

test('a DTLS fingerprint that differs from the SDP aborts, in both directions', async () => {
  const { a, b, ctxA, ctxB } = await twoParty()
  const init = await HandshakeInitiator.start(ctxA, 1)
  // the server rewrote A's a=fingerprint in the SDP it relayed to B
  await assert.rejects(
    HandshakeResponder.respond(ctxB, kem, init.message, randomFingerprint()),
    code('dtls-mismatch'),
  )
  const resp = await HandshakeResponder.respond(
    ctxB,
    kem,
    init.message,
    a.local.dtlsFingerprint.toLowerCase(),
  )
  await assert.rejects(init.finish(resp.message, randomFingerprint()), code('dtls-mismatch'))
  const done = await init.finish(resp.message, `a=fingerprint:${b.local.dtlsFingerprint}`)
  await resp.confirm(done.confirmation)
  // and a fingerprint changed inside the signed message breaks the signature
  const init2 = await HandshakeInitiator.start(ctxA, 1)
  const forged = new Uint8Array(init2.message)
  const at = forged.length - 64 - 32 - 1 // last hex digit of the fingerprint
  forged[at] = forged[at] === 0x41 ? 0x42 : 0x41
  await assert.rejects(
    HandshakeResponder.respond(ctxB, kem, forged, a.local.dtlsFingerprint),
    code('bad-signature'),
  )
})

test('msg1 replayed into another call or to another member is rejected', async () => {
  const { a, c, ctxA, ctxB, call } = await twoParty()
  const init = await HandshakeInitiator.start(ctxA, 1)
  const ctxC = { callId: call.callId, roster: call.roster, local: c.local }
  await assert.rejects(
    HandshakeResponder.respond(ctxC, kem, init.message, a.local.dtlsFingerprint),
    code('malformed'),
  )
  const other = { ...ctxB, callId: 'call-2' }
  await assert.rejects(
    HandshakeResponder.respond(other, kem, init.message, a.local.dtlsFingerprint),
    code('malformed'),
  )
})

test('a wrong key confirmation is rejected and opens no session', async () => {
  const { a, b, ctxA, ctxB } = await twoParty()
  const init = await HandshakeInitiator.start(ctxA, 1)
  const resp = await HandshakeResponder.respond(ctxB, kem, init.message, a.local.dtlsFingerprint)
  const { confirmation } = await init.finish(resp.message, b.local.dtlsFingerprint)
  const forged = new Uint8Array(confirmation)
  forged[5] = (forged[5] ?? 0) ^ 1
  await assert.rejects(resp.confirm(forged), code('key-confirmation-failed'))
  await assert.rejects(init.finish(resp.message, b.local.dtlsFingerprint), code('handshake-state'))
  await resp.confirm(confirmation)
  await assert.rejects(resp.confirm(confirmation), code('handshake-state'))
})

test('control channel rejects replay, reordering, tampering and reflection', async () => {
  const { call, a, b } = await twoParty()
  const { ab, ba } = await handshake(call.callId, a, call.roster, b)
  const m0 = await ab.seal({ kind: 'ratchet', epoch: 2 })
  const m1 = await ab.seal({ kind: 'sas-reveal', secret: randomBytes(32) })
  const m2 = await ab.seal({ kind: 'key-ack', epoch: 9 })
  await assert.rejects(ba.open(m1), code('reordered'))
  const tampered = new Uint8Array(m0)
  tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1
  await assert.rejects(ba.open(tampered), code('auth-failed'))
  assert.deepEqual(await ba.open(m0), { kind: 'ratchet', epoch: 2 })
  await assert.rejects(ba.open(m0), code('replay'))
  assert.equal((await ba.open(m1)).kind, 'sas-reveal')
  // A's own message reflected back to A: other direction, so it does not authenticate
  await assert.rejects(ab.open(m0), code('auth-failed'))
  assert.deepEqual(await ba.open(m2), { kind: 'key-ack', epoch: 9 })
})

test('fingerprints are canonicalised and validated', () => {
  assert.equal(canonicalFingerprint('a=fingerprint:SHA-256 ab:cd:EF'), 'sha-256 AB:CD:EF')
  assert.throws(() => canonicalFingerprint('md5 AB:CD'), code('invalid-argument'))
  assert.throws(() => canonicalFingerprint('sha-256 ABCD'), code('invalid-argument'))
})
