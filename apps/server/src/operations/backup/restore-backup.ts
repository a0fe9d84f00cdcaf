// `tessera restore`: into an empty instance only. The whole file is read and authenticated first
// (nothing written if any byte fails); then the schema is migrated to exactly the backup's
// migrations, every row and blob loaded in one transaction (blobs removed again if it fails), and
// the remaining migrations of this build applied.
import { PassThrough } from 'node:stream'
import { once } from 'node:events'
import { sql, type Kysely } from 'kysely'
import { Migrator } from 'kysely/migration'
import type { Database } from '../../platform/db/schema.ts'
import { MIGRATIONS } from '../../platform/db/migrations/index.ts'
import { migrateToLatest } from '../../platform/db/migrate.ts'
import type { MasterKeyProvider } from '../../vault/keys/master-key-provider.ts'
import { FsBlobStore } from '../../vault/documents/fs-blob-store.ts'
import { readBackup, verifyBackup, type VerifiedBackup } from './read-backup.ts'
import { advanceTransactionIds, MAX_ADVANCE, transactionIdGap } from './transaction-ids.ts'
import { columnsOf, insertRows, nonEmptyTables, resetIdentitySequences } from './logical-dump.ts'

export class RestoreRefused extends Error {
  override readonly name = 'RestoreRefused'
}

export interface RestoreInput {
  db: Kysely<Database>
  blobDir: string
  path: string
  passphrase: string | undefined
  /** When given, the backup's master key versions must match the keys this instance holds. */
  masterKeys?: MasterKeyProvider
}

async function migrator(db: Kysely<Database>): Promise<Migrator> {
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s ?? 'public'
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    migrationTableSchema: schema,
  })
}

async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const m = await migrator(db)
  return (await m.getMigrations()).filter((x) => x.executedAt !== undefined).map((x) => x.name)
}

interface MasterKeyRow {
  version: number
  check_value: string | null
  destroyed_at: string | null
}

async function checkMasterKeys(backup: VerifiedBackup, keys: MasterKeyProvider): Promise<void> {
  for (const row of (backup.captured['vault_master_key'] ?? []) as MasterKeyRow[]) {
    if (row.destroyed_at || !row.check_value) continue
    const actual = await keys.checkValue(row.version).catch(() => null)
    if (actual !== row.check_value) {
      throw new RestoreRefused(
        `this instance does not hold master key version ${row.version} the backup's patient keys are wrapped by: ` +
          'copy the keys directory (<data>/keys) of the original instance, or set the same TESSERA_MASTER_KEY, then restore again',
      )
    }
  }
}

async function checkEmpty(input: RestoreInput, backup: VerifiedBackup): Promise<void> {
  const unknown = backup.manifest.migrations.filter((m) => !(m in MIGRATIONS))
  if (unknown.length) {
    throw new RestoreRefused(
      `the backup was made by a newer Tessera (migration ${unknown[0]} is unknown here)`,
    )
  }
  const applied = await appliedMigrations(input.db)
  if (applied.some((m) => !backup.manifest.migrations.includes(m))) {
    throw new RestoreRefused(
      'the target database is at a newer schema than the backup: restore into a new, never-started instance',
    )
  }
  const filled = await nonEmptyTables(input.db)
  if (filled.length) {
    throw new RestoreRefused(
      `the target instance is not empty (${filled.length} table(s) hold rows); nothing was restored`,
    )
  }
  for await (const blob of new FsBlobStore(input.blobDir).list()) {
    void blob
    throw new RestoreRefused('the target blob directory already holds documents; nothing was restored')
  }
}

export interface RestoreResult {
  backup: VerifiedBackup
  rows: number
  blobs: number
}

export async function restoreBackup(input: RestoreInput): Promise<RestoreResult> {
  const backup = await verifyBackup(input.path, input.passphrase, ['vault_master_key'])
  if (input.masterKeys) await checkMasterKeys(backup, input.masterKeys)
  await checkEmpty(input, backup)
  if ((await transactionIdGap(input.db, backup.manifest.nextTxid)) > BigInt(MAX_ADVANCE)) {
    throw new RestoreRefused(
      `the source database had used ${backup.manifest.nextTxid} transaction ids, far more than the target: ` +
        'restore into a PostgreSQL server whose transaction counter is at least that high (see operations/README.md)',
    )
  }
  const last = backup.manifest.migrations[backup.manifest.migrations.length - 1]
  if (last) {
    const { error } = await (await migrator(input.db)).migrateTo(last)
    if (error) throw new RestoreRefused(`cannot prepare the schema: ${(error as Error).message}`)
  }
  const store = new FsBlobStore(input.blobDir)
  const written: string[] = []
  let rows = 0
  try {
    await input.db.transaction().execute(async (trx) => {
      const columns = new Map<string, string[]>()
      let blob: { id: string; body: PassThrough; stored: Promise<unknown> } | null = null
      for await (const item of readBackup(input.path, input.passphrase)) {
        switch (item.kind) {
          case 'rows': {
            let cols = columns.get(item.table)
            if (!cols) columns.set(item.table, (cols = await columnsOf(trx, item.table)))
            await insertRows(trx, item.table, item.rows, cols)
            rows += item.rows.length
            break
          }
          case 'blob-begin': {
            const body = new PassThrough()
            written.push(item.id)
            const stored = store.put(item.id, body)
            stored.catch(() => undefined)
            blob = { id: item.id, body, stored }
            break
          }
          case 'blob-data':
            if (blob && !blob.body.write(item.bytes)) await once(blob.body, 'drain')
            break
          case 'blob-end':
            if (blob) {
              blob.body.end()
              await blob.stored
              blob = null
            }
            break
          case 'manifest':
          case 'end':
            break
        }
      }
      await resetIdentitySequences(trx)
    })
  } catch (err) {
    for (const id of written) await store.delete(id).catch(() => undefined)
    throw err
  }
  await advanceTransactionIds(input.db, backup.manifest.nextTxid)
  await migrateToLatest(input.db)
  return { backup, rows, blobs: written.length }
}
