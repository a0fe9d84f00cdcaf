// The key hierarchy against a real database: data keys open only for their patient, the patient
// key is unwrapped once and cached, erasure is immediate and final (410), instances holding a
// different master key refuse to work, and no key material reaches the database in the clear.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { FakeClock } from '../../platform/clock.ts'
import { SecretBox } from '../../platform/secret-box.ts'
import { AppError } from '../../platform/errors.ts'
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts'
import { VaultIntegrityError } from '../crypto/errors.ts'
import { CountingMasterKeys, dumpDatabase, keyForms } from './keys-test-kit.ts'
import { LocalMasterKeys } from './local-master-keys.ts'
import { VaultKeyErased, VaultKeyUnavailable, VaultKeys } from './vault-keys.ts'

let database: TestDatabase
const clock = new FakeClock()
const box = SecretBox.random()
let master: CountingMasterKeys
let keys: VaultKeys

before(async () => {
  database = await createTestDatabase()
  master = new CountingMasterKeys(LocalMasterKeys.derived(box))
  keys = new VaultKeys({ db: database.db, clock, master, cache: { ttlMs: 60_000, maxEntries: 50 } })
})
after(() => database.close())

test('a data key opens for its patient; the patient key is made once and cached', async () => {
  const patient = randomUUID()
  const first = await keys.newDataKey(patient)
  const second = await keys.newDataKey(patient)
  assert.match(first.wrapped, /^dk1\.1\.[A-Za-z0-9_-]{80}$/)
  assert.equal(first.keyVersion, 1)
  assert.notDeepEqual(first.key, second.key)
  assert.deepEqual(await keys.openDataKey(patient, first.wrapped), first.key)
  const rows = await database.db
    .selectFrom('vault_patient_key')
    .selectAll()
    .where('patient_id', '=', patient)
    .execute()
  assert.equal(rows.length, 1)
  assert.equal(rows[0]?.master_version, 1)
  const unwrapsBefore = master.unwraps
  for (let i = 0; i < 100; i++) await keys.openDataKey(patient, second.wrapped)
  assert.equal(master.unwraps, unwrapsBefore, 'reads within the TTL need no master-key unwrap')
  clock.advance(61_000)
  await keys.openDataKey(patient, second.wrapped)
  assert.equal(master.unwraps, unwrapsBefore + 1, 'after the TTL the key is unwrapped again')
})

test('S29: a wrapped data key moved to another patient, or altered, does not open', async () => {
  const [a, b] = [randomUUID(), randomUUID()]
  const ka = await keys.newDataKey(a)
  await keys.newDataKey(b)
  await assert.rejects(keys.openDataKey(b, ka.wrapped), VaultIntegrityError)
  await assert.rejects(keys.openDataKey(randomUUID(), ka.wrapped), VaultIntegrityError)
  const tampered = ka.wrapped.slice(0, -2) + (ka.wrapped.endsWith('A') ? 'BA' : 'AA')
  await assert.rejects(keys.openDataKey(a, tampered), VaultIntegrityError)
  await assert.rejects(keys.openDataKey(a, 'dk1.1.short'), VaultIntegrityError)
})

test('erasure: every data key of the patient is gone at once (410), new ones are refused', async () => {
  const [patient, other] = [randomUUID(), randomUUID()]
  const dk = await keys.newDataKey(patient)
  const kept = await keys.newDataKey(other)
  await keys.openDataKey(patient, dk.wrapped) // cached now
  await keys.erasePatientKey(patient)
  const err = await keys.openDataKey(patient, dk.wrapped).catch((e: unknown) => e)
  assert.ok(err instanceof VaultKeyErased && err instanceof AppError)
  assert.equal(err.status, 410)
  assert.match(err.message, /erased/)
  await assert.rejects(keys.newDataKey(patient), VaultKeyErased)
  await keys.erasePatientKey(patient) // idempotent
  assert.equal(await keys.isErased(patient), true)
  assert.deepEqual(await keys.openDataKey(other, kept.wrapped), kept.key, 'other patients unaffected')
  const row = await database.db
    .selectFrom('vault_patient_key')
    .selectAll()
    .where('patient_id', '=', patient)
    .executeTakeFirstOrThrow()
  assert.equal(row.wrapped, null)
  assert.equal(row.master_version, null)
  // A patient erased before anything was encrypted for them gets no key afterwards either.
  const never = randomUUID()
  await keys.erasePatientKey(never)
  await assert.rejects(keys.newDataKey(never), VaultKeyErased)
})

test('inside a transaction (PGlite: one connection) the patient key is made in that transaction', async () => {
  const patient = randomUUID()
  const made = await database.db.transaction().execute(async (tx) => {
    const dk = await keys.newDataKey(patient, tx)
    assert.deepEqual(await keys.openDataKey(patient, dk.wrapped, tx), dk.key)
    return dk
  })
  assert.deepEqual(await keys.openDataKey(patient, made.wrapped), made.key)
  // Rolled back: the key made (and cached) in it is gone; the next one is a different key.
  const rolled = randomUUID()
  let lost = ''
  await database.db
    .transaction()
    .execute(async (tx) => {
      lost = (await keys.newDataKey(rolled, tx)).wrapped
      throw new Error('rollback')
    })
    .catch(() => undefined)
  const fresh = await keys.newDataKey(rolled)
  assert.deepEqual(await keys.openDataKey(rolled, fresh.wrapped), fresh.key)
  await assert.rejects(keys.openDataKey(rolled, lost), VaultIntegrityError)
})

test('an instance holding a different master key for the version refuses to wrap or unwrap', async () => {
  const patient = randomUUID()
  const dk = await keys.newDataKey(patient)
  const stranger = new VaultKeys({
    db: database.db,
    clock,
    master: LocalMasterKeys.derived(SecretBox.random()),
  })
  await assert.rejects(stranger.newDataKey(randomUUID()), VaultKeyUnavailable)
  await assert.rejects(stranger.openDataKey(patient, dk.wrapped), VaultKeyUnavailable)
})

test('S29: no patient key or data key appears in the database in any usual encoding', async () => {
  const dataKeys = []
  for (let i = 0; i < 5; i++) dataKeys.push((await keys.newDataKey(randomUUID())).key)
  const dump = await dumpDatabase(database.db)
  assert.ok(dump.includes('dk1') === false, 'data keys are stored by their owners, not here')
  const material = [...master.seen, ...dataKeys, box.deriveKey('vault/master/v1')]
  assert.ok(material.length > 5)
  for (const key of material) for (const form of keyForms(key)) assert.ok(!dump.includes(form))
})
