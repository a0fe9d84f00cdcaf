// Safety numbers: fixed known answers (from this implementation, re-checked with an independent
// Python hashlib implementation of the same algorithm), symmetry, and sensitivity to the key.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { hexToBytes } from './bytes.ts'
import { DeviceIdentity, DevicePublicKey } from './identity.ts'
import { safetyNumber } from './safety-number.ts'

// Ed25519 public keys of RFC 8032 section 7.1, tests 1-3, as fixed inputs
const KEY_1 = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'
const KEY_2 = '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c'
const KEY_3 = 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025'
const key = (hex: string) => DevicePublicKey.fromBytes(hexToBytes(hex))

test('known answers', async () => {
  const clinician = { deviceKey: await key(KEY_1), stableId: 'clinician-7f3a' }
  const patient = { deviceKey: await key(KEY_2), stableId: 'patient-19c2' }
  const n = await safetyNumber(clinician, patient)
  assert.equal(n.digits, '118239008299221295380524972213431047868689555385827027654238')
  assert.equal(n.groups.length, 12)
  assert.equal(n.groups.join(''), n.digits)
  const other = await safetyNumber(clinician, { deviceKey: await key(KEY_3), stableId: 'patient-19c2' })
  assert.equal(other.digits, '404214612553844061091997240521431047868689555385827027654238')
})

test('both sides compute the same number; changing one key or id changes it', async () => {
  const alice = { deviceKey: (await DeviceIdentity.generate()).publicKey, stableId: 'alice' }
  const bob = { deviceKey: (await DeviceIdentity.generate()).publicKey, stableId: 'bob' }
  const n1 = await safetyNumber(alice, bob)
  const n2 = await safetyNumber(bob, alice)
  assert.equal(n1.digits, n2.digits)
  assert.match(n1.digits, /^\d{60}$/)
  const swapped = await safetyNumber(alice, {
    ...bob,
    deviceKey: (await DeviceIdentity.generate()).publicKey,
  })
  assert.notEqual(swapped.digits, n1.digits)
  // the unchanged side's half stays, the changed side's half differs
  const halves = (d: string) => new Set([d.slice(0, 30), d.slice(30)])
  const common = [...halves(n1.digits)].filter((h) => halves(swapped.digits).has(h))
  assert.equal(common.length, 1)
  assert.notEqual((await safetyNumber(alice, { ...bob, stableId: 'bob2' })).digits, n1.digits)
})
