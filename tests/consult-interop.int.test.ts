// Interop of the two halves of the signed roster (E2EE.md section 2, "Admission"): a roster signed
// by @tessera/e2ee `Roster.sign` (WebCrypto, as the browser does) is accepted by the server's
// node:crypto check (apps/server/src/consult/roster-check.ts) and over a real signalling socket;
// a tampered one, one for another call or one signed by another key is refused. The package is
// the spec: if this fails, the server's reader is the one to fix.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { DeviceIdentity, Roster, type RosterMember } from '@tessera/e2ee'
import type { ConsultDevice } from '@tessera/contracts'
import { verifyRoster } from '../apps/server/src/consult/roster-check.ts'
import {
  consultTest,
  open,
  signRoster,
  type ConsultTest,
} from '../apps/server/src/consult/consult-test-kit.ts'

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

let c: ConsultTest
const id = {} as Record<'clinician' | 'patient', DeviceIdentity>
const deviceId = {} as Record<'clinician' | 'patient', string>

before(async () => {
  c = await consultTest()
  for (const who of ['clinician', 'patient'] as const) {
    id[who] = await DeviceIdentity.generate()
    const res = await c.call(who, 'POST', '/api/consult/devices', {
      publicKey: b64(id[who].publicKey.bytes),
      label: 'Browser',
    })
    assert.equal(res.status, 201, res.body)
    deviceId[who] = (res.json as unknown as ConsultDevice).id
  }
  await c.at('2026-03-02T09:50:00Z')
})
after(() => c?.close())

const members = (): RosterMember[] => [
  { slot: 0, accountId: c.people.clinician.id, deviceKey: id.clinician.publicKey },
  { slot: 1, accountId: c.people.patient.id, deviceKey: id.patient.publicKey },
]

test('the server reads what the package signs, and refuses any changed byte', async () => {
  const callId = '7d4f0c1e-1111-4a2b-9c3d-0123456789ab'
  const roster = await Roster.sign(id.clinician, callId, 7, members())
  const checked = verifyRoster(roster.encoded, id.clinician.publicKey.bytes, callId)
  assert.ok(checked, 'a roster signed by the package verifies on the server')
  assert.equal(checked.version, 7)
  assert.deepEqual(
    checked.members.map((m) => ({ slot: m.slot, accountId: m.accountId, key: b64(m.deviceKey) })),
    roster.members.map((m) => ({ slot: m.slot, accountId: m.accountId, key: b64(m.deviceKey.bytes) })),
  )
  for (let i = 0; i < roster.encoded.length; i++) {
    const tampered = new Uint8Array(roster.encoded)
    tampered[i] = tampered[i]! ^ 0x01
    assert.equal(verifyRoster(tampered, id.clinician.publicKey.bytes, callId), null, `byte ${i} flipped`)
  }
  assert.equal(verifyRoster(roster.encoded, id.patient.publicKey.bytes, callId), null, 'another key')
  assert.equal(verifyRoster(roster.encoded, id.clinician.publicKey.bytes, `${callId.slice(0, -1)}c`), null)
  assert.equal(verifyRoster(roster.encoded.subarray(0, 100), id.clinician.publicKey.bytes, callId), null)
  // And the other way: what the server's test kit signs with node:crypto, the package verifies.
  const kit = new Uint8Array(
    Buffer.from(
      signRoster(
        (await import('node:crypto')).generateKeyPairSync('ed25519').privateKey,
        callId,
        1,
        members().map((m) => ({ slot: m.slot, accountId: m.accountId, key: m.deviceKey.bytes })),
      ),
      'base64',
    ),
  )
  await assert.rejects(Roster.verify(kit, id.clinician.publicKey, callId), 'a foreign signer is refused')
})

test('over the socket: the package-signed roster reaches the patient; a tampered one is refused', async () => {
  assert.equal((await c.call('patient', 'POST', `/api/consult/${c.appointment}/check-in`)).status, 200)
  assert.equal((await c.call('clinician', 'POST', `/api/consult/${c.appointment}/admit`)).status, 200)
  const url = `${c.wsBase}/api/consult/${c.appointment}/socket`
  const host = await open(url, c.cookie.clinician)
  host.send({ type: 'hello', deviceId: deviceId.clinician, suite: 5 })
  const callId = String((await host.next((m) => m.type === 'welcome'))['callId'])
  const patient = await open(url, c.cookie.patient)
  patient.send({ type: 'hello', deviceId: deviceId.patient, suite: 5 })
  await patient.next((m) => m.type === 'welcome')

  const signed = await Roster.sign(id.clinician, callId, 1, members())
  const tampered = new Uint8Array(signed.encoded)
  tampered[tampered.length - 70] = tampered[tampered.length - 70]! ^ 0x01 // inside the last account id
  host.send({ type: 'roster', roster: b64(tampered) })
  const refused = await host.next((m) => m.type === 'error')
  assert.equal(refused['code'], 'bad-roster')
  assert.equal(refused['path'], '/roster')
  const otherCall = await Roster.sign(id.clinician, '00000000-0000-4000-8000-000000000000', 1, members())
  host.send({ type: 'roster', roster: b64(otherCall.encoded) })
  assert.equal((await host.next((m) => m.type === 'error'))['code'], 'bad-roster')
  const byPatient = await Roster.sign(id.patient, callId, 1, members())
  host.send({ type: 'roster', roster: b64(byPatient.encoded) })
  assert.equal((await host.next((m) => m.type === 'error'))['code'], 'bad-roster', "not the host's key")

  host.send({ type: 'roster', roster: b64(signed.encoded) })
  const received = await patient.next((m) => m.type === 'roster')
  assert.equal(received['version'], 1)
  // The patient's client verifies what the server relayed with the package: same bytes, same verdict.
  const relayed = new Uint8Array(Buffer.from(String(received['roster']), 'base64'))
  const verified = await Roster.verify(relayed, id.clinician.publicKey, callId)
  assert.deepEqual(
    verified.members.map((m) => m.accountId),
    [c.people.clinician.id, c.people.patient.id],
  )
  host.close()
  patient.close()
  await patient.waitClosed()
})
