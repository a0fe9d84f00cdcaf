// `tessera backup`, `tessera restore` and `tessera restore-test` (operations/README.md).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command, type Option } from 'commander'
import type { Kysely } from 'kysely'
import type { Config } from '../platform/config.ts'
import type { Database } from '../platform/db/schema.ts'
import { openDatabase } from '../platform/db/database.ts'
import { loadSecretBox, openConfiguredDatabase, StartupError } from '../server.ts'
import { loadMasterKeys } from '../vault/keys/load-master-keys.ts'
import { blobDirectory } from '../vault/documents/document-vault.ts'
import { verifyAuditTrail } from '../audit/verify.ts'
import { createBackup } from './backup/create-backup.ts'
import { restoreBackup, RestoreRefused } from './backup/restore-backup.ts'
import { BackupUnreadable } from './backup/backup-file.ts'
import { recordBackupRun } from './backup/backup-records.ts'
import { rowCounts } from './backup/logical-dump.ts'
import { checkDocuments } from './backup/check-documents.ts'

export const PASSPHRASE_ENV = 'TESSERA_BACKUP_PASSPHRASE'

type Say = (line: string) => void
interface Flags {
  data?: string
  out?: string
  in?: string
}

/** Errors the CLI prints as one line (no stack): the operator's mistake or a damaged file. */
export function isOperationsError(err: unknown): boolean {
  return err instanceof BackupUnreadable || err instanceof RestoreRefused
}

async function withDatabase<T>(
  config: Config,
  work: (db: Kysely<Database>, driver: string) => Promise<T>,
): Promise<T> {
  const handle = await openConfiguredDatabase(config)
  try {
    return await work(handle.db, handle.driver)
  } finally {
    await handle.close()
  }
}

const failure = (err: unknown): string =>
  isOperationsError(err) ? (err as Error).message : `unexpected error (${(err as Error).name})`

export function operationsCommands(
  configFrom: (flags: { data?: string }) => Config,
  withMigrated: <T>(
    flags: { data?: string },
    work: (ctx: { db: Kysely<Database>; dbDriver: string; config: Config }) => Promise<T>,
  ) => Promise<T>,
  dataOption: Option,
  say: Say,
): Command[] {
  const backup = new Command('backup')
    .description(
      `write an encrypted snapshot of the database and documents (passphrase in ${PASSPHRASE_ENV})`,
    )
    .addOption(dataOption)
    .requiredOption('--out <file>', 'the backup file to create (must not exist)')
    .action(async (flags: Flags) => {
      await withMigrated(flags, async (ctx) => {
        const startedAt = new Date()
        try {
          const r = await createBackup({
            db: ctx.db,
            driver: ctx.dbDriver,
            blobDir: blobDirectory(ctx.config),
            passphrase: process.env[PASSPHRASE_ENV],
            out: flags.out as string,
            now: () => new Date(),
          })
          const rows = Object.values(r.summary.rows).reduce((a, b) => a + b, 0)
          await recordBackupRun(ctx.db, {
            kind: 'backup',
            outcome: 'success',
            startedAt,
            finishedAt: new Date(),
            driver: ctx.dbDriver,
            backupId: r.manifest.backupId,
            bytes: r.fileBytes,
            tables: r.manifest.tables.length,
            rows,
            blobs: r.summary.blobs,
          })
          say(
            `backup ${r.manifest.backupId}: ${rows} rows in ${r.manifest.tables.length} tables, ${r.summary.blobs} documents, ${r.fileBytes} bytes`,
          )
          if (r.summary.missingBlobs)
            say(`warning: ${r.summary.missingBlobs} document(s) had no blob (erased since, or lost)`)
          say('the master key directory (<data>/keys) is NOT in the backup: keep a copy of it elsewhere')
        } catch (err) {
          await recordBackupRun(ctx.db, {
            kind: 'backup',
            outcome: 'failure',
            startedAt,
            finishedAt: new Date(),
            driver: ctx.dbDriver,
            reason: failure(err),
          })
          throw err
        }
      })
    })

  const restore = new Command('restore')
    .description('restore a backup into an empty instance (refuses one that holds data)')
    .addOption(dataOption)
    .requiredOption('--in <file>', 'the backup file')
    .action(async (flags: Flags) => {
      const config = configFrom(flags)
      const box = await loadSecretBox(config)
      await withDatabase(config, async (db, driver) => {
        const startedAt = new Date()
        const r = await restoreBackup({
          db,
          blobDir: blobDirectory(config),
          path: flags.in as string,
          passphrase: process.env[PASSPHRASE_ENV],
          masterKeys: loadMasterKeys(config, box),
        })
        await recordBackupRun(db, {
          kind: 'restore',
          outcome: 'success',
          startedAt,
          finishedAt: new Date(),
          driver,
          backupId: r.backup.manifest.backupId,
          rows: r.rows,
          blobs: r.blobs,
          tables: r.backup.manifest.tables.length,
        })
        say(`restored backup ${r.backup.manifest.backupId}: ${r.rows} rows, ${r.blobs} documents`)
        say('run `tessera audit verify` to check the audit chain')
      })
    })

  const restoreTest = new Command('restore-test')
    .description('restore a backup into a scratch in-memory database and check it; records the result')
    .addOption(dataOption)
    .requiredOption('--in <file>', 'the backup file')
    .action(async (flags: Flags) => {
      const config = configFrom(flags)
      const box = await loadSecretBox(config)
      const startedAt = new Date()
      let outcome: { ok: boolean; reason: string | null; backupId?: string; rows?: number; blobs?: number }
      const scratchDir = await mkdtemp(join(tmpdir(), 'tessera-restore-test-'))
      const scratch = await openDatabase({})
      try {
        const r = await restoreBackup({
          db: scratch.db,
          blobDir: scratchDir,
          path: flags.in as string,
          passphrase: process.env[PASSPHRASE_ENV],
          masterKeys: loadMasterKeys(config, box),
        })
        const counts = await rowCounts(scratch.db)
        const expected = r.backup.summary.rows
        const same = Object.entries(expected).every(([t, n]) => counts[t] === n)
        const audit = await verifyAuditTrail(scratch.db)
        const docs = await checkDocuments(scratch.db, scratchDir, loadMasterKeys(config, box))
        outcome = {
          ok: same && audit.ok && docs.bad === 0,
          reason: !same
            ? 'row counts differ from the backup'
            : !audit.ok
              ? 'audit chain did not verify'
              : docs.bad
                ? `${docs.bad} document(s) did not decrypt or match their hash`
                : null,
          backupId: r.backup.manifest.backupId,
          rows: r.rows,
          blobs: r.blobs,
        }
      } catch (err) {
        outcome = { ok: false, reason: failure(err) }
      } finally {
        await scratch.close()
        await rm(scratchDir, { recursive: true, force: true })
      }
      await withDatabase(config, (db, driver) =>
        recordBackupRun(db, {
          kind: 'restore-test',
          outcome: outcome.ok ? 'success' : 'failure',
          startedAt,
          finishedAt: new Date(),
          driver,
          backupId: outcome.backupId ?? null,
          rows: outcome.rows ?? null,
          blobs: outcome.blobs ?? null,
          reason: outcome.reason,
        }),
      )
      if (!outcome.ok) throw new StartupError(`restore test FAILED: ${outcome.reason}`)
      say(
        `restore test passed: backup ${outcome.backupId}, ${outcome.rows} rows and ${outcome.blobs} documents restored and decrypted, audit chain verified`,
      )
    })

  return [backup, restore, restoreTest]
}
