// `tessera keys rotate`: make master version N+1, then re-wrap every live patient key under it in
// batches, each its own committed transaction. Re-running after a crash resumes the unfinished
// rotation (no second new version); a re-wrapped key is skipped, so the work is idempotent. Old
// versions stay readable throughout; `retire` then destroys them once nothing is wrapped by them.
import { setTimeout as sleep } from 'node:timers/promises'
import type { Kysely } from 'kysely'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'
import type { MasterRegistry } from './master-registry.ts'
import { patientKeyAad } from './patient-key-store.ts'
import { retireOldVersions } from './retirement.ts'

export interface RotateOptions {
  /** Patient keys re-wrapped per transaction (default 200). */
  batchSize?: number
  /** After re-wrapping, destroy every older master version (completes crypto-shredding for backups). */
  retire?: boolean
  /** After each committed batch (awaited: a test reads everything back here). */
  onProgress?: (p: { version: number; rewrapped: number; remaining: number }) => void | Promise<void>
  /** Tests: runs inside each batch's transaction before it commits (throw to simulate a crash). */
  beforeCommit?: (batch: number) => void | Promise<void>
}

export interface RotationResult {
  version: number
  /** False when this run resumed a rotation a previous run started. */
  created: boolean
  rewrapped: number
  retired: number[]
  /** Retired versions whose material the provider cannot destroy (derived from the server key). */
  kept: number[]
}

interface Deps {
  db: Kysely<Database>
  clock: Clock
  registry: MasterRegistry
}

export async function rotateMasterKey(deps: Deps, options: RotateOptions = {}): Promise<RotationResult> {
  const { version, created } = await startOrResume(deps)
  const rewrapped = await rewrapAll(deps, version, options)
  await deps.db
    .updateTable('vault_master_key')
    .set({ rewrapped_at: deps.clock.now() })
    .where('version', '=', version)
    .where('rewrapped_at', 'is', null)
    .execute()
  const retirement = options.retire ? await retireOldVersions(deps, version) : { retired: [], kept: [] }
  return { version, created, rewrapped, ...retirement }
}

async function startOrResume(deps: Deps): Promise<{ version: number; created: boolean }> {
  const { db, clock, registry } = deps
  const master = registry.master
  const versions = await db
    .selectFrom('vault_master_key')
    .select(['version', 'state', 'rewrapped_at'])
    .orderBy('version', 'desc')
    .execute()
  if (!versions.length) await registry.bootstrap(db)
  const newest = versions[0]
  if (newest && (newest.state === 'pending' || (newest.state === 'active' && !newest.rewrapped_at))) {
    await activate(deps, newest.version)
    return { version: newest.version, created: false }
  }
  const highest = Math.max(newest?.version ?? 0, await master.currentVersion())
  const version = highest + 1
  // Recorded first, then made: a crash in between leaves a pending row the next run completes.
  await db
    .insertInto('vault_master_key')
    .values({ version, state: 'pending', check_value: null, created_at: clock.now() })
    .onConflict((oc) => oc.column('version').doNothing())
    .execute()
  await activate(deps, version)
  return { version, created: true }
}

async function activate(deps: Deps, version: number): Promise<void> {
  await deps.registry.master.createVersion(version)
  await deps.registry.verify(deps.db, version)
  await deps.db
    .updateTable('vault_master_key')
    .set({ state: 'active' })
    .where('version', '=', version)
    .where('state', '=', 'pending')
    .execute()
}

async function rewrapAll(deps: Deps, version: number, options: RotateOptions): Promise<number> {
  const { db, clock, registry } = deps
  const batchSize = options.batchSize ?? 200
  let total = 0
  for (let batch = 1; ; batch++) {
    const done = await db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('vault_patient_key')
        .select(['patient_id', 'version', 'master_version', 'wrapped'])
        .where('master_version', '<', version)
        .orderBy('patient_id')
        .orderBy('version')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute()
      for (const row of rows) {
        if (row.master_version === null || row.wrapped === null) continue
        const aad = patientKeyAad(row.patient_id, row.version)
        await registry.verify(tx, row.master_version)
        const key = await registry.master.unwrap(row.master_version, row.wrapped, aad)
        try {
          const wrapped = await registry.master.wrap(version, key, aad)
          await tx
            .updateTable('vault_patient_key')
            .set({ wrapped, master_version: version, rewrapped_at: clock.now() })
            .where('patient_id', '=', row.patient_id)
            .where('version', '=', row.version)
            .execute()
        } finally {
          key.fill(0)
        }
      }
      if (rows.length) await options.beforeCommit?.(batch)
      return rows.length
    })
    total += done
    const remaining = await countUnder(db, version)
    await options.onProgress?.({ version, rewrapped: total, remaining })
    if (remaining === 0) return total
    // Rows locked by another rotation run (skipped): wait for it rather than spin.
    if (done === 0) await sleep(200)
  }
}

export async function countUnder(db: Kysely<Database>, version: number): Promise<number> {
  const row = await db
    .selectFrom('vault_patient_key')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('master_version', '<', version)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
