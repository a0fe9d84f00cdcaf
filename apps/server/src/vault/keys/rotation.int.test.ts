// S30: master key rotation without downtime. A rotation interrupted after some committed batches
// leaves every document readable; running it again finishes the same rotation (no second new
// version, re-wrapped keys untouched); new keys use the new version; retirement destroys the old
// key files only once nothing needs them, and that is what completes erasure for backups.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeClock } from '../../platform/clock.ts'
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts'
import { CountingMasterKeys } from './keys-test-kit.ts'
import { formatVaultKeyStatus } from './key-status.ts'
import { LocalMasterKeys } from './local-master-keys.ts'
import { RetireRefused, retireOldVersions } from './retirement.ts'
import { VaultKeys, type NewDataKey } from './vault-keys.ts'

let database: TestDatabase
const clock = new FakeClock()
const dir = join(mkdtempSync(join(tmpdir(), 'tessera-keys-')), 'keys')
let keys: VaultKeys
let master: CountingMasterKeys
const documents: Array<{ patientId: string } & NewDataKey> = []

before(async () => {
  database = await createTestDatabase()
  master = new CountingMasterKeys(new LocalMasterKeys({ dir }))
  keys = new VaultKeys({ db: database.db, clock, master })
  for (let i = 0; i < 25; i++) {
    const patientId = randomUUID()
    documents.push({ patientId, ...(await keys.newDataKey(patientId)) })
  }
})
after(() => database.close())

/** Every document's data key opens, through the master key (cache emptied first). */
async function assertAllReadable(): Promise<void> {
  keys.cache.clear()
  for (const d of documents) assert.deepEqual(await keys.openDataKey(d.patientId, d.wrapped), d.key)
}

const underVersion = async (v: number) =>
  (
    await database.db
      .selectFrom('vault_patient_key')
      .select('patient_id')
      .where('master_version', '=', v)
      .execute()
  ).length

test('a fresh installation writes master.v1.key (0600) and wraps patient keys under it', () => {
  const file = join(dir, 'master.v1.key')
  assert.ok(existsSync(file))
  assert.equal(statSync(file).mode & 0o777, 0o600)
})

test('S30: a rotation interrupted after 2 committed batches resumes, all data readable throughout', async () => {
  let checks = 0
  await assert.rejects(
    keys.rotate({
      batchSize: 4,
      beforeCommit: (batch) => {
        if (batch === 3) throw new Error('simulated crash in batch 3')
      },
      onProgress: async () => {
        checks++
        await assertAllReadable()
      },
    }),
    /simulated crash/,
  )
  assert.equal(checks, 2)
  assert.equal(await underVersion(2), 8, 'two batches of 4 committed, the third rolled back')
  assert.equal(await underVersion(1), 17)
  await assertAllReadable()
  assert.match(formatVaultKeyStatus(await keys.status()).join('\n'), /rotation in progress: 17 patient key/)
  // Retiring v1 now would lose keys: refused, and v1 stays.
  await assert.rejects(
    retireOldVersions({ db: database.db, clock, registry: keys.registry }, 2),
    RetireRefused,
  )
  assert.ok(existsSync(join(dir, 'master.v1.key')))
  // New patients meanwhile get the new version.
  const late = randomUUID()
  documents.push({ patientId: late, ...(await keys.newDataKey(late)) })
  const row = await database.db
    .selectFrom('vault_patient_key')
    .select('master_version')
    .where('patient_id', '=', late)
    .executeTakeFirstOrThrow()
  assert.equal(row.master_version, 2)

  const firstBatch = await database.db
    .selectFrom('vault_patient_key')
    .select(['patient_id', 'rewrapped_at'])
    .where('rewrapped_at', 'is not', null)
    .execute()
  clock.advance(1000)
  const resumed = await keys.rotate({ batchSize: 4, onProgress: assertAllReadable })
  assert.deepEqual(
    { version: resumed.version, created: resumed.created, rewrapped: resumed.rewrapped },
    { version: 2, created: false, rewrapped: 17 },
  )
  assert.equal(await underVersion(1), 0)
  for (const r of firstBatch) {
    const now = await database.db
      .selectFrom('vault_patient_key')
      .select('rewrapped_at')
      .where('patient_id', '=', r.patient_id)
      .executeTakeFirstOrThrow()
    assert.deepEqual(now.rewrapped_at, r.rewrapped_at, 'already re-wrapped keys are not touched again')
  }
  await assertAllReadable()
  const status = await keys.status()
  assert.equal(status.current, 2)
  assert.equal(status.toRewrap, 0)
})

test('data stays readable between batches (checked after each commit)', async () => {
  const seen: number[] = []
  await keys.rotate({
    batchSize: 5,
    // After each commit, outside the batch's transaction: every document opens, mid-rotation.
    onProgress: async (p) => {
      seen.push(p.remaining)
      await assertAllReadable()
    },
  })
  assert.deepEqual(seen.at(-1), 0)
  assert.ok(seen.length >= 5)
})

test('rotate --retire destroys the old key files; erasure then reaches backups', async () => {
  const erased = documents[0] as (typeof documents)[number]
  await keys.erasePatientKey(erased.patientId)
  documents.shift()
  clock.advance(1000)
  assert.equal((await keys.status()).erasedRecoverableFromBackups, 1)
  const result = await keys.rotate({ retire: true })
  assert.equal(result.version, 4)
  assert.deepEqual(result.retired, [1, 2, 3])
  for (const v of [1, 2, 3]) assert.ok(!existsSync(join(dir, `master.v${v}.key`)), `v${v} destroyed`)
  assert.ok(existsSync(join(dir, 'master.v4.key')))
  await assertAllReadable()
  const status = await keys.status()
  assert.equal(status.erasedRecoverableFromBackups, 0)
  assert.deepEqual(
    status.versions.map((v) => [v.version, v.state, v.destroyed]),
    [
      [1, 'retired', true],
      [2, 'retired', true],
      [3, 'retired', true],
      [4, 'active', false],
    ],
  )
  const text = formatVaultKeyStatus(status).join('\n')
  assert.match(text, /v4 {2}current/)
  assert.match(text, /rotation: none in progress/)
})

test('a crash between recording a new version and making its key file is finished by the next run', async () => {
  await database.db
    .insertInto('vault_master_key')
    .values({ version: 5, state: 'pending', check_value: null, created_at: clock.now() })
    .execute()
  const result = await keys.rotate()
  assert.deepEqual([result.version, result.created], [5, false])
  assert.ok(existsSync(join(dir, 'master.v5.key')))
  await assertAllReadable()
})
