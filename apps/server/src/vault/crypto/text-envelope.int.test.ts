// The envelope other modules use for note and message bodies: opens only for its patient and
// context, fails closed on any change, answers 410 once the patient's key is erased.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { FakeClock } from '../../platform/clock.ts'
import { SecretBox } from '../../platform/secret-box.ts'
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts'
import { LocalMasterKeys } from '../keys/local-master-keys.ts'
import { VaultKeyErased, VaultKeys } from '../keys/vault-keys.ts'
import { VaultIntegrityError } from './errors.ts'
import { TextEnvelope, isSealed } from './text-envelope.ts'

let database: TestDatabase
let text: TextEnvelope
let keys: VaultKeys

before(async () => {
  database = await createTestDatabase()
  keys = new VaultKeys({
    db: database.db,
    clock: new FakeClock(),
    master: LocalMasterKeys.derived(SecretBox.random()),
  })
  text = new TextEnvelope(keys)
})
after(() => database.close())

test('a message body seals and opens for its patient and context', async () => {
  const patient = randomUUID()
  for (const body of ['', 'Headache since Tuesday.', 'émoji ✓ 🩺', 'x'.repeat(100_000)]) {
    const sealed = await text.seal(patient, 'message/1/body', body)
    assert.ok(isSealed(sealed))
    assert.ok(!sealed.includes('Headache'))
    assert.equal(await text.open(patient, 'message/1/body', sealed), body)
  }
  const a = await text.seal(patient, 'c', 'same')
  const b = await text.seal(patient, 'c', 'same')
  assert.notEqual(a, b, 'each value has its own data key and nonce')
})

test('another patient, another context, or any changed character does not open', async () => {
  const patient = randomUUID()
  const sealed = await text.seal(patient, 'message/1/body', 'private')
  await assert.rejects(text.open(randomUUID(), 'message/1/body', sealed), VaultIntegrityError)
  await assert.rejects(text.open(patient, 'message/2/body', sealed), VaultIntegrityError)
  for (let i = 'tessera-sealed:v1:'.length; i < sealed.length; i += 7) {
    const c = sealed[i] === 'A' ? 'B' : 'A'
    const bad = sealed.slice(0, i) + c + sealed.slice(i + 1)
    await assert.rejects(text.open(patient, 'message/1/body', bad), `position ${i}`)
  }
  await assert.rejects(text.open(patient, 'message/1/body', 'plain text'), VaultIntegrityError)
})

test('after erasure the text is gone (410) and no new text is sealed for the patient', async () => {
  const patient = randomUUID()
  const sealed = await text.seal(patient, 'note', 'to be forgotten')
  await keys.erasePatientKey(patient)
  await assert.rejects(text.open(patient, 'note', sealed), VaultKeyErased)
  await assert.rejects(text.seal(patient, 'note', 'more'), VaultKeyErased)
})
