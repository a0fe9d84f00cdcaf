// `tessera keys status` and `tessera keys rotate --retire` as an operator runs them, on an
// embedded installation whose patient keys were made the way the server makes them.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { systemClock } from '../../platform/clock.ts'
import { loadConfig } from '../../platform/config.ts'
import { migrateToLatest } from '../../platform/db/migrate.ts'
import { loadSecretBox, openConfiguredDatabase } from '../../server.ts'
import { runTessera } from '../../testing/spawn-tessera.ts'
import { loadMasterKeys } from './load-master-keys.ts'
import { VaultKeys } from './vault-keys.ts'

async function withKeys<T>(data: string, work: (keys: VaultKeys) => Promise<T>): Promise<T> {
  const config = loadConfig({
    env: {},
    configFile: '/nonexistent/tessera.config.json',
    overrides: { dataDir: data },
  })
  const box = await loadSecretBox(config)
  const handle = await openConfiguredDatabase(config)
  try {
    await migrateToLatest(handle.db)
    return await work(
      new VaultKeys({ db: handle.db, clock: systemClock, master: loadMasterKeys(config, box) }),
    )
  } finally {
    await handle.close()
  }
}

test('keys status, then rotate --retire: old key file destroyed, every data key still opens', async () => {
  const data = mkdtempSync(join(tmpdir(), 'tessera-keys-cli-'))
  const env = { DATABASE_URL: undefined, TESSERA_MASTER_KEY: undefined, TESSERA_MASTER_KEY_FILE: undefined }
  const docs = await withKeys(data, async (keys) => {
    const made = []
    for (let i = 0; i < 3; i++) {
      const patientId = randomUUID()
      made.push({ patientId, ...(await keys.newDataKey(patientId)) })
    }
    return made
  })
  assert.ok(existsSync(join(data, 'keys', 'master.v1.key')))

  const status = await runTessera(['keys', 'status', '--data', data], env)
  assert.equal(status.code, 0, status.output)
  assert.match(status.output, /v1 {2}current +3 patient keys/)
  assert.match(status.output, /rotation: none in progress/)

  const rotated = await runTessera(['keys', 'rotate', '--retire', '--data', data], env)
  assert.equal(rotated.code, 0, rotated.output)
  assert.match(rotated.output, /made master key version 2; 3 patient key\(s\) re-wrapped; rotation complete/)
  assert.match(rotated.output, /destroyed master key version\(s\) v1/)
  assert.ok(!existsSync(join(data, 'keys', 'master.v1.key')))
  assert.ok(existsSync(join(data, 'keys', 'master.v2.key')))

  await withKeys(data, async (keys) => {
    for (const d of docs) assert.deepEqual(await keys.openDataKey(d.patientId, d.wrapped), d.key)
    const s = await keys.status()
    assert.deepEqual([s.current, s.toRewrap, s.patientKeys.live], [2, 0, 3])
  })
  const after = await runTessera(['keys', 'status', '--data', data], env)
  assert.match(after.output, /v1 {2}retired, destroyed/)
  assert.match(after.output, /v2 {2}current/)
})
