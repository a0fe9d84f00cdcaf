// Frame layer as an attacker sees it: tampered, re-keyed, replayed and plaintext frames are
// dropped; nonces never repeat; keys and counters obey the rotation rules.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { concat, randomBytes, utf8 } from './bytes.ts'
import { isE2eeError, type E2eeErrorCode } from './errors.ts'
import { deriveKeySalt, xorNonce } from './frame-key.ts'
import { decodeHeader } from './header.ts'
import { makeKid } from './kid.ts'
import { clearPrefixLength } from './media.ts'
import { ReceiverContext } from './receiver.ts'
import { SenderContext, unsafeSetCounterForTest } from './sender.ts'
import { SenderKey, senderKeyBytes } from './sender-key.ts'
import { CipherSuite } from './suites.ts'

const code = (c: E2eeErrorCode) => (e: unknown) => isE2eeError(e, c)

async function pair(slot = 3, epoch = 1) {
  const key = SenderKey.generate()
  const sender = SenderContext.create({ slot })
  await sender.setKey(epoch, key)
  const receiver = ReceiverContext.create()
  await receiver.setSenderKey(slot, epoch, key)
  return { key, sender, receiver }
}

test('a frame decrypts and is attributed to the KID owner', async () => {
  const { sender, receiver } = await pair(3, 7)
  const frame = await sender.encrypt(utf8('hello'), utf8('meta'))
  const out = await receiver.decrypt(frame, utf8('meta'))
  assert.deepEqual(out.payload, utf8('hello'))
  assert.equal(out.slot, 3)
  assert.equal(out.epoch, 7)
  assert.equal(out.kid, (7n << 4n) | 3n)
  assert.equal(sender.kid, makeKid(7, 3))
})

test('every single-bit flip anywhere in the frame is rejected', async () => {
  const { sender, receiver } = await pair()
  const frame = await sender.encrypt(randomBytes(64))
  for (let bit = 0; bit < frame.length * 8; bit++) {
    const forged = new Uint8Array(frame)
    forged[bit >> 3] = (forged[bit >> 3] ?? 0) ^ (1 << (bit & 7))
    await assert.rejects(receiver.decrypt(forged), (e) => isE2eeError(e), `bit ${bit}`)
  }
  // the untouched frame still decrypts: failures changed no state
  assert.equal((await receiver.decrypt(frame)).ctr, 0)
})

test('wrong KID: unknown KID and a KID rewritten to another sender are both rejected', async () => {
  const { sender, receiver } = await pair(3, 1)
  const other = SenderContext.create({ slot: 4 })
  await other.setKey(1, SenderKey.generate())
  await assert.rejects(receiver.decrypt(await other.encrypt(utf8('x'))), code('unknown-kid'))
  // receiver also knows slot 4, under a key the attacker does not have
  await receiver.setSenderKey(4, 1, SenderKey.generate())
  const frame = await sender.encrypt(utf8('secret'))
  const h = decodeHeader(frame)
  // re-encode the header with slot 4 (same length): 0x80 | kid bytes | ctr
  const forged = new Uint8Array(frame)
  forged[1] = Number(makeKid(1, 4))
  assert.equal(decodeHeader(forged).kid, makeKid(1, 4))
  assert.equal(decodeHeader(forged).ctr, h.ctr)
  await assert.rejects(receiver.decrypt(forged), code('auth-failed'))
})

test('replays are rejected, reordering inside the window is accepted', async () => {
  const { sender, receiver } = await pair()
  const frames = []
  for (let i = 0; i < 5; i++) frames.push(await sender.encrypt(utf8(`f${i}`)))
  const [f0, f1, f2, f3, f4] = frames as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array]
  await receiver.decrypt(f2)
  await receiver.decrypt(f0)
  await receiver.decrypt(f4)
  await assert.rejects(receiver.decrypt(f2), code('replay'))
  await assert.rejects(receiver.decrypt(f0), code('replay'))
  await receiver.decrypt(f1)
  await receiver.decrypt(f3)
  await assert.rejects(receiver.decrypt(f3), code('replay'))
})

test('a frame older than the replay window is rejected even if never seen', async () => {
  const key = SenderKey.generate()
  const sender = SenderContext.create({ slot: 1 })
  await sender.setKey(0, key)
  const receiver = ReceiverContext.create({ replayWindow: 16 })
  await receiver.setSenderKey(1, 0, key)
  const old = await sender.encrypt(utf8('old'))
  for (let i = 0; i < 16; i++) await receiver.decrypt(await sender.encrypt(utf8('new')))
  await assert.rejects(receiver.decrypt(old), code('replay'))
})

test('concurrent decryption of the same frame yields it once', async () => {
  const { sender, receiver } = await pair()
  const frame = await sender.encrypt(utf8('once'))
  const results = await Promise.allSettled([receiver.decrypt(frame), receiver.decrypt(frame)])
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1)
})

test('plaintext and garbage frames are dropped, never passed through', async () => {
  const { receiver } = await pair()
  const vp8Key = concat(new Uint8Array([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a]), randomBytes(200))
  for (const frame of [vp8Key, randomBytes(3000), new Uint8Array(0), new Uint8Array([0x93])]) {
    await assert.rejects(
      receiver.decryptFrame(frame, clearPrefixLength('vp8', frame)),
      (e) => isE2eeError(e) && ['malformed', 'unknown-kid', 'auth-failed'].includes(e.code),
    )
  }
})

test('100k frames in one KID: no (KID, CTR) and no nonce repeats, across interleaved connections', async () => {
  const { key, sender } = await pair(2, 5)
  const seen = new Set<bigint>()
  const payload = randomBytes(32)
  for (let batch = 0; batch < 100; batch++) {
    // three "connections" encode the same frames concurrently through the one shared context
    const frames = await Promise.all(Array.from({ length: 1000 }, () => sender.encrypt(payload)))
    for (const f of frames) {
      const h = decodeHeader(f)
      assert.equal(h.kid, makeKid(5, 2))
      seen.add(h.ctr)
    }
  }
  assert.equal(seen.size, 100_000)
  const { salt } = await deriveKeySalt(CipherSuite.AES_256_GCM_SHA512_128, makeKid(5, 2), senderKeyBytes(key))
  const nonces = new Set<string>()
  for (const ctr of seen) nonces.add(Buffer.from(xorNonce(salt, ctr)).toString('hex'))
  assert.equal(nonces.size, 100_000)
})

test('the sender refuses to encrypt at 2^32 and the receiver rejects CTR >= 2^32', async () => {
  const { sender, receiver } = await pair()
  unsafeSetCounterForTest(sender, 2 ** 32 - 1)
  assert.equal(sender.remaining, 1)
  const last = await sender.encrypt(utf8('last'))
  assert.equal((await receiver.decrypt(last)).ctr, 2 ** 32 - 1)
  await assert.rejects(sender.encrypt(utf8('one too many')), code('ctr-exhausted'))
  const forged = concat(new Uint8Array([0x8c, 0x13, 0x01, 0, 0, 0, 0]), randomBytes(32))
  await assert.rejects(receiver.decrypt(forged), code('malformed'))
})

test('a KID is never reused: epochs only go up, CTR restarts only under a new KID', async () => {
  const sender = SenderContext.create({ slot: 1 })
  await sender.setKey(3, SenderKey.generate())
  await assert.rejects(sender.setKey(3, SenderKey.generate()), code('kid-reused'))
  await assert.rejects(sender.setKey(2, SenderKey.generate()), code('kid-reused'))
  await sender.encrypt(utf8('a'))
  await sender.setKey(4, SenderKey.generate())
  assert.equal(decodeHeader(await sender.encrypt(utf8('b'))).kid, makeKid(4, 1))
})

test('receivers keep at most two epochs per sender and refuse a different key for a KID', async () => {
  const receiver = ReceiverContext.create()
  const keys = [SenderKey.generate(), SenderKey.generate(), SenderKey.generate()]
  const sender = SenderContext.create({ slot: 6 })
  await sender.setKey(1, keys[0]!)
  const old = await sender.encrypt(utf8('epoch 1'))
  for (const [i, k] of keys.entries()) await receiver.setSenderKey(6, i + 1, k)
  assert.deepEqual(receiver.epochs(6), [2, 3])
  await assert.rejects(receiver.decrypt(old), code('unknown-kid'))
  await receiver.setSenderKey(6, 3, keys[2]!) // idempotent
  await assert.rejects(receiver.setSenderKey(6, 3, SenderKey.generate()), code('key-conflict'))
  await assert.rejects(receiver.setSenderKey(6, 1, keys[0]!), code('invalid-argument'))
})

test('a dropped key (departed member) fails on new frames', async () => {
  const { sender, receiver } = await pair(9, 1)
  await receiver.decrypt(await sender.encrypt(utf8('before')))
  receiver.removeSender(9)
  await assert.rejects(receiver.decrypt(await sender.encrypt(utf8('after'))), code('unknown-kid'))
})

test('decrypt failures never ratchet: only an explicit ratchetSender moves the receiver', async () => {
  const { sender, receiver } = await pair(5, 1)
  const beforeRatchet = await sender.encrypt(utf8('gen 1'))
  await sender.ratchet()
  const afterRatchet = await sender.encrypt(utf8('gen 2'))
  await assert.rejects(receiver.decrypt(afterRatchet), code('unknown-kid'))
  const forged = new Uint8Array(beforeRatchet)
  forged[forged.length - 1] = (forged[forged.length - 1] ?? 0) ^ 0xff
  await assert.rejects(receiver.decrypt(forged), code('auth-failed'))
  assert.deepEqual(receiver.epochs(5), [1])
  assert.deepEqual((await receiver.decrypt(beforeRatchet)).payload, utf8('gen 1'))
  await receiver.ratchetSender(5, 2)
  assert.deepEqual((await receiver.decrypt(afterRatchet)).payload, utf8('gen 2'))
  assert.deepEqual(receiver.epochs(5), [1, 2])
})

test('media frames keep the codec prefix clear and authenticated', async () => {
  const { sender, receiver } = await pair()
  const keyFrame = concat(
    new Uint8Array([0x50, 0x42, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01]),
    randomBytes(3000),
  )
  const delta = concat(new Uint8Array([0x31, 0x22, 0x01]), randomBytes(800))
  assert.equal(clearPrefixLength('vp8', keyFrame), 10)
  assert.equal(clearPrefixLength('vp8', delta), 3)
  assert.equal(clearPrefixLength('opus', delta), 0)
  for (const frame of [keyFrame, delta]) {
    const n = clearPrefixLength('vp8', frame)
    const enc = await sender.encryptFrame(frame, n)
    assert.deepEqual(enc.subarray(0, n), frame.subarray(0, n))
    assert.ok(enc.length - frame.length <= 21, `overhead ${enc.length - frame.length}`)
    assert.equal(clearPrefixLength('vp8', enc), n)
    // a changed clear prefix byte (not the P bit) fails authentication
    const forged = new Uint8Array(enc)
    forged[1] = (forged[1] ?? 0) ^ 0x04
    await assert.rejects(receiver.decryptFrame(forged, n), code('auth-failed'))
    assert.deepEqual((await receiver.decryptFrame(enc, n)).payload, frame)
  }
})
