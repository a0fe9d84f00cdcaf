// The sweeper (S26): blobs with no committed document and stale temporaries go once older than
// the grace period; committed documents and anything recent stay. It runs from the job queue.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { mkdirSync, utimesSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import type { DocumentView } from '@tessera/contracts'
import { DEFAULT_GRACE_MS, SWEEP_QUEUE } from './blob-sweeper.ts'
import { download, upload, vaultTest, type VaultTest } from './document-test-kit.ts'
import type { FsBlobStore } from './fs-blob-store.ts'
import { pdf } from './test-files.ts'

let v: VaultTest
before(async () => {
  v = await vaultTest()
})
after(() => v.t.close())

const HOUR = 60 * 60_000

function plant(name: string, ageMs: number, dir?: string): string {
  const id = name
  const folder = join(v.blobDir, dir ?? id.replace(/^\.tmp-/, '').slice(0, 2))
  mkdirSync(folder, { recursive: true })
  const path = join(folder, name)
  writeFileSync(path, 'leftover')
  const when = new Date(Date.now() - ageMs)
  utimesSync(path, when, when)
  return path
}

test('orphans and stale temporaries are removed; documents and recent files are kept', async () => {
  const res = await upload(v, 'patient', v.patient.id, { data: pdf(), filename: 'kept.pdf' })
  const kept = res.json<DocumentView>().id
  assert.equal((await download(v, 'patient', kept)).statusCode, 200)
  // The sweeper judges file times against its clock: bring the test clock to the real time.
  v.t.clock.set(new Date())
  const keptPath = (v.t.ctx.documents.deps.blobs as FsBlobStore).pathOf(kept)
  const old = new Date(Date.now() - 3 * HOUR)
  utimesSync(keptPath, old, old)
  const orphan = plant(randomUUID(), 2 * HOUR)
  const recentOrphan = plant(randomUUID(), 10 * 60_000)
  const id = randomUUID()
  const staleTemp = plant(`.tmp-${id}-abc123`, 2 * HOUR, id.slice(0, 2))
  const freshTemp = plant(`.tmp-${randomUUID()}-def456`, 60_000, id.slice(0, 2))
  const stranger = plant('not-a-blob.txt', 5 * HOUR, 'zz')

  const result = await v.t.ctx.documents.sweeper.sweepOnce()
  assert.deepEqual(result, { orphans: 1, temporaries: 1 })
  assert.ok(!existsSync(orphan) && !existsSync(staleTemp), 'old leftovers removed')
  for (const path of [keptPath, recentOrphan, freshTemp, stranger]) assert.ok(existsSync(path), path)
})

test('the sweep runs from the durable job queue, at start and then every quarter hour', async () => {
  const orphan = plant(randomUUID(), DEFAULT_GRACE_MS + HOUR)
  v.t.clock.set(new Date())
  let ran = 0
  for (let n = await v.t.ctx.jobRunner.runDue(); n > 0; n = await v.t.ctx.jobRunner.runDue()) ran += n
  assert.ok(ran >= 1)
  assert.ok(!existsSync(orphan), 'the start-up sweep removed it')
  const pending = await v.t.ctx.db
    .selectFrom('job')
    .select(['run_at', 'state'])
    .where('queue', '=', SWEEP_QUEUE)
    .where('state', '=', 'pending')
    .execute()
  assert.equal(pending.length, 1, 'the next sweep is booked')
  assert.ok(pending[0]!.run_at.getTime() - v.t.clock.now().getTime() <= 15 * 60_000)
})
