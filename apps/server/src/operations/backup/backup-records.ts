// The record of backups, restores and restore tests, for the compliance centre (S36).
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db/schema.ts'

export interface BackupRun {
  kind: 'backup' | 'restore' | 'restore-test'
  outcome: 'success' | 'failure'
  startedAt: Date
  finishedAt: Date
  driver: string
  backupId?: string | null
  bytes?: number | null
  tables?: number | null
  rows?: number | null
  blobs?: number | null
  /** Words without PHI: an error class's message from this module, never a row or a key. */
  reason?: string | null
}

export async function recordBackupRun(db: Kysely<Database>, run: BackupRun): Promise<void> {
  await db
    .insertInto('operations_backup_run')
    .values({
      id: randomUUID(),
      kind: run.kind,
      outcome: run.outcome,
      started_at: run.startedAt,
      finished_at: run.finishedAt,
      driver: run.driver,
      backup_id: run.backupId ?? null,
      bytes: run.bytes ?? null,
      tables: run.tables ?? null,
      rows: run.rows ?? null,
      blobs: run.blobs ?? null,
      reason: run.reason ? run.reason.slice(0, 500) : null,
    })
    .execute()
}

export interface BackupEvent {
  at: Date
  backupId: string | null
  bytes: number | null
  rows: number | null
  blobs: number | null
}

export interface BackupStatus {
  /** The newest successful backup. */
  lastBackup: BackupEvent | null
  /** The newest successful restore test (`tessera backup test`) or restore. */
  lastRestoreTest: BackupEvent | null
  /** The newest failed backup or restore test after the last success of its kind, if any. */
  lastFailure: { kind: string; at: Date; reason: string | null } | null
}

/** For the compliance centre: "last backup, last successful restore test". */
export async function readBackupStatus(db: Kysely<Database>): Promise<BackupStatus> {
  const newest = (kinds: Array<'backup' | 'restore' | 'restore-test'>) =>
    db
      .selectFrom('operations_backup_run')
      .selectAll()
      .where('kind', 'in', kinds)
      .where('outcome', '=', 'success')
      .orderBy('finished_at', 'desc')
      .limit(1)
      .executeTakeFirst()
  const toEvent = (r: Awaited<ReturnType<typeof newest>>): BackupEvent | null =>
    r
      ? {
          at: r.finished_at,
          backupId: r.backup_id,
          bytes: r.bytes === null ? null : Number(r.bytes),
          rows: r.rows === null ? null : Number(r.rows),
          blobs: r.blobs,
        }
      : null
  const [backup, test, failure] = await Promise.all([
    newest(['backup']),
    newest(['restore-test', 'restore']),
    db
      .selectFrom('operations_backup_run')
      .select(['kind', 'finished_at', 'reason'])
      .where('outcome', '=', 'failure')
      .orderBy('finished_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ])
  const lastBackup = toEvent(backup)
  const lastRestoreTest = toEvent(test)
  const latestSuccess = Math.max(lastBackup?.at.getTime() ?? 0, lastRestoreTest?.at.getTime() ?? 0)
  return {
    lastBackup,
    lastRestoreTest,
    lastFailure:
      failure && failure.finished_at.getTime() > latestSuccess
        ? { kind: failure.kind, at: failure.finished_at, reason: failure.reason }
        : null,
  }
}
