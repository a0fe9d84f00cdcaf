// RFC 9605 section 5.1 ratchet, and the property E2EE.md section 3 asks for: a joiner who gets the
// ratcheted key can decrypt nothing from the generation before it joined.

import assert from 'node:assert/strict'
import { hkdfSync } from 'node:crypto'
import { test } from 'node:test'
import { bytesToHex, equalBytes, hexToBytes, utf8 } from './bytes.ts'
import { isE2eeError } from './errors.ts'
import { aeadOpen, importAeadKey } from './aead.ts'
import { deriveKeySalt, sframeLabels, xorNonce } from './frame-key.ts'
import { decodeHeader } from './header.ts'
import { hkdfExpand } from './kdf.ts'
import { makeKid } from './kid.ts'
import { ReceiverContext } from './receiver.ts'
import { SenderContext } from './sender.ts'
import { SenderKey, senderKeyBytes } from './sender-key.ts'
import { CipherSuite, type CipherSuiteId } from './suites.ts'

const SLOT = 2

test('ratchet = HKDF-Expand(HKDF-Extract("", k), "SFrame 1.0 Ratchet", Nh), checked with node:crypto', async () => {
  const cases: [CipherSuiteId, 'sha256' | 'sha512', number][] = [
    [CipherSuite.AES_128_GCM_SHA256_128, 'sha256', 32],
    [CipherSuite.AES_256_GCM_SHA512_128, 'sha512', 64],
  ]
  const k = hexToBytes('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f')
  for (const [suite, hash, nh] of cases) {
    const next = senderKeyBytes(await SenderKey.fromBytes(k).ratchet(suite))
    const expected = new Uint8Array(hkdfSync(hash, k, new Uint8Array(0), 'SFrame 1.0 Ratchet', nh))
    assert.equal(bytesToHex(next), bytesToHex(expected))
  }
})

async function oldGeneration() {
  const k1 = SenderKey.generate()
  const sender = SenderContext.create({ slot: SLOT })
  await sender.setKey(1, k1)
  const oldFrames = [
    await sender.encrypt(utf8('before the join 1')),
    await sender.encrypt(utf8('before the join 2')),
  ]
  return { k1, sender, oldFrames }
}

/** Everything a joiner holding `k2` can try against frames of epoch 1. */
async function joinerCanDecrypt(k2: SenderKey, oldFrames: Uint8Array[]): Promise<boolean> {
  const asNext = ReceiverContext.create()
  await asNext.setSenderKey(SLOT, 2, k2)
  const asOld = ReceiverContext.create()
  await asOld.setSenderKey(SLOT, 1, k2) // pretend k2 were the epoch-1 base key
  const asRatchet = ReceiverContext.create() // or ratchet it once more
  await asRatchet.setSenderKey(SLOT, 1, await k2.ratchet(CipherSuite.AES_256_GCM_SHA512_128))
  for (const r of [asNext, asOld, asRatchet]) {
    for (const f of oldFrames) {
      try {
        await r.decrypt(f)
        return true
      } catch (e) {
        assert.ok(isE2eeError(e))
      }
    }
  }
  return false
}

test('a joiner with the ratcheted key cannot decrypt the previous generation', async () => {
  const { k1, sender, oldFrames } = await oldGeneration()
  const { epoch, key: k2 } = await sender.ratchet()
  assert.equal(epoch, 2)
  const joiner = ReceiverContext.create()
  await joiner.setSenderKey(SLOT, epoch, k2)
  assert.deepEqual((await joiner.decrypt(await sender.encrypt(utf8('after')))).payload, utf8('after'))
  assert.equal(await joinerCanDecrypt(k2, oldFrames), false)
  // the next base key shares no bytes with the old generation's frame-key material
  const old = await deriveKeySalt(CipherSuite.AES_256_GCM_SHA512_128, makeKid(1, SLOT), senderKeyBytes(k1))
  const next = senderKeyBytes(k2)
  for (const material of [old.secret, old.key, old.salt]) {
    assert.ok(!equalBytes(next.subarray(0, material.length), material))
  }
  // an existing member ratchets its own copy and follows
  const member = ReceiverContext.create()
  await member.setSenderKey(SLOT, 1, k1)
  await member.ratchetSender(SLOT, 2)
  assert.deepEqual((await member.decrypt(await sender.encrypt(utf8('x')))).payload, utf8('x'))
})

test('contrast: a ratchet that reuses the frame-key derivation WOULD let the joiner in', async () => {
  // The flaw E2EE.md section 3 warns about: next = HKDF-Extract("", k), the very secret the frame
  // key and salt are expanded from. The joiner then rebuilds the old frame key from the "next" key
  // alone. This shows the harness detects that flaw, so the previous test is meaningful.
  const { k1, oldFrames } = await oldGeneration()
  const suite = CipherSuite.AES_256_GCM_SHA512_128
  const flawedNext = (await deriveKeySalt(suite, makeKid(1, SLOT), senderKeyBytes(k1))).secret
  // attacker side: only flawedNext and public header fields are used from here on
  const frame = oldFrames[0]!
  const header = decodeHeader(frame)
  const { keyLabel, saltLabel } = sframeLabels(suite, header.kid)
  const key = await importAeadKey(suite, await hkdfExpand('SHA-512', flawedNext, keyLabel, 32))
  const salt = await hkdfExpand('SHA-512', flawedNext, saltLabel, 12)
  const aad = frame.subarray(0, header.length)
  const pt = await aeadOpen(key, xorNonce(salt, header.ctr), aad, frame.subarray(header.length))
  assert.deepEqual(pt, utf8('before the join 1'))
  // with the real ratchet the same attack fails
  const realNext = senderKeyBytes(await k1.ratchet(suite))
  const key2 = await importAeadKey(suite, await hkdfExpand('SHA-512', realNext, keyLabel, 32))
  const salt2 = await hkdfExpand('SHA-512', realNext, saltLabel, 12)
  await assert.rejects(aeadOpen(key2, xorNonce(salt2, header.ctr), aad, frame.subarray(header.length)))
})
