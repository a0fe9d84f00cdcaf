// Device identities and the host-signed roster.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { utf8 } from './bytes.ts'
import { isE2eeError } from './errors.ts'
import { DeviceIdentity, DevicePublicKey } from './identity.ts'
import { Roster } from './roster.ts'

test('device keys are non-extractable and signatures are domain-separated', async () => {
  const id = await DeviceIdentity.generate()
  assert.equal(id.cryptoKeyPair.privateKey.extractable, false)
  await assert.rejects(globalThis.crypto.subtle.exportKey('pkcs8', id.cryptoKeyPair.privateKey))
  const sig = await id.sign('ctx A', utf8('m'))
  assert.equal(await id.publicKey.verify('ctx A', utf8('m'), sig), true)
  assert.equal(await id.publicKey.verify('ctx B', utf8('m'), sig), false)
  assert.equal(await id.publicKey.verify('ctx A', utf8('n'), sig), false)
  const extractable = await globalThis.crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])
  await assert.rejects(DeviceIdentity.fromCryptoKeyPair(extractable), (e) =>
    isE2eeError(e, 'invalid-argument'),
  )
  const restored = await DeviceIdentity.fromCryptoKeyPair(id.cryptoKeyPair)
  assert.ok(restored.publicKey.equals(id.publicKey))
  assert.ok((await DevicePublicKey.fromRecord(id.publicKey.record)).equals(id.publicKey))
})

test('roster: verifies under the host key for this call only; tampering is rejected', async () => {
  const host = await DeviceIdentity.generate()
  const patient = await DeviceIdentity.generate()
  const members = [
    { slot: 0, accountId: 'dr-house', deviceKey: host.publicKey },
    { slot: 3, accountId: 'patient-1', deviceKey: patient.publicKey },
  ]
  const roster = await Roster.sign(host, 'call-9', 4, members)
  const verified = await Roster.verify(roster.encoded, host.publicKey, 'call-9')
  assert.equal(verified.version, 4)
  assert.equal(verified.memberBySlot(3)?.accountId, 'patient-1')
  assert.ok(verified.memberByKey(patient.publicKey)?.deviceKey.equals(patient.publicKey))
  await assert.rejects(Roster.verify(roster.encoded, host.publicKey, 'call-10'), (e) =>
    isE2eeError(e, 'malformed'),
  )
  await assert.rejects(Roster.verify(roster.encoded, patient.publicKey, 'call-9'), (e) =>
    isE2eeError(e, 'bad-signature'),
  )
  const tampered = new Uint8Array(roster.encoded)
  tampered[12] = (tampered[12] ?? 0) ^ 1
  await assert.rejects(Roster.verify(tampered, host.publicKey, 'call-9'), (e) =>
    isE2eeError(e, 'bad-signature'),
  )
  await assert.rejects(
    Roster.sign(host, 'call-9', 1, [...members, { slot: 3, accountId: 'x', deviceKey: host.publicKey }]),
    (e) => isE2eeError(e, 'invalid-argument'),
  )
})
