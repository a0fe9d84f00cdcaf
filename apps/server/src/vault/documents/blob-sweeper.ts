// Removes what a crash or a failed upload left behind (S26): blobs with no committed document row
// and unfinished temporary writes, once older than a grace period (an upload commits its row
// moments after its blob lands, so a blob that old without a row will never get one). Runs on the
// durable job queue every 15 minutes and once shortly after each start.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/schema.ts'
import type { JobQueue } from '../../platform/jobs/job-queue.ts'
import type { JobHandler } from '../../platform/jobs/job-runner.ts'
import type { BlobStore } from './blob-store.ts'

export const SWEEP_QUEUE = 'vault.blob-sweep'
export const SWEEP_EVERY_MS = 15 * 60_000
export const DEFAULT_GRACE_MS = 60 * 60_000
const BATCH = 500

export interface SweepResult {
  orphans: number
  temporaries: number
}

export interface BlobSweeperDeps {
  db: Kysely<Database>
  blobs: BlobStore
  jobs: JobQueue
  clock: Clock
  log: Logger
  graceMs?: number
}

export class BlobSweeper {
  constructor(private readonly deps: BlobSweeperDeps) {}

  async sweepOnce(): Promise<SweepResult> {
    const { blobs, clock } = this.deps
    const cutoff = new Date(clock.now().getTime() - (this.deps.graceMs ?? DEFAULT_GRACE_MS))
    const temporaries = await blobs.sweepTemporaries(cutoff)
    let orphans = 0
    let batch: string[] = []
    for await (const blob of blobs.list()) {
      if (blob.modifiedAt >= cutoff) continue
      batch.push(blob.id)
      if (batch.length >= BATCH) {
        orphans += await this.removeOrphans(batch)
        batch = []
      }
    }
    if (batch.length) orphans += await this.removeOrphans(batch)
    // Counts only: blob ids are document ids, and which documents failed is not for the log.
    if (orphans || temporaries)
      this.deps.log.info({ orphans, temporaries }, 'vault: removed unfinished uploads')
    return { orphans, temporaries }
  }

  private async removeOrphans(ids: string[]): Promise<number> {
    const rows = await this.deps.db.selectFrom('document').select('id').where('id', 'in', ids).execute()
    const kept = new Set(rows.map((r) => r.id))
    let removed = 0
    for (const id of ids) {
      if (kept.has(id)) continue
      await this.deps.blobs.delete(id)
      removed++
    }
    return removed
  }

  /** The sweep job; it books its next run first, so a failed sweep never ends the chain. */
  handler(): JobHandler {
    return {
      queue: SWEEP_QUEUE,
      run: async () => {
        await this.schedule()
        await this.sweepOnce()
      },
    }
  }

  /** Books the next sweep at the next quarter hour (idempotent: the dedupe key is that time). */
  async schedule(): Promise<void> {
    const { jobs, db, clock } = this.deps
    const now = clock.now().getTime()
    const next = new Date((Math.floor(now / SWEEP_EVERY_MS) + 1) * SWEEP_EVERY_MS)
    await jobs.enqueue(
      SWEEP_QUEUE,
      {},
      { runAt: next, dedupeKey: `sweep@${next.toISOString()}`, maxAttempts: 1 },
    )
    await db
      .deleteFrom('job')
      .where('queue', '=', SWEEP_QUEUE)
      .where('state', 'in', ['done', 'failed'])
      .where('updated_at', '<', new Date(now - 24 * 60 * 60_000))
      .execute()
  }

  /**
   * At start: the regular chain, plus one sweep now (what a crash left is found without waiting).
   * Its key is this start's own: a start-up sweep that a crash interrupted stays "running" until
   * its claim expires, and must not stop the next start from sweeping.
   */
  async scheduleAtStart(): Promise<void> {
    await this.schedule()
    const now = this.deps.clock.now()
    await this.deps.jobs.enqueue(
      SWEEP_QUEUE,
      {},
      { runAt: now, dedupeKey: `sweep@start:${randomUUID()}`, maxAttempts: 1 },
    )
  }
}
