// The daily retention scan on the job queue: flags, never erases (S37).
import type { JobHandler } from '../../platform/jobs/job-runner.ts'
import type { JobQueue } from '../../platform/jobs/job-queue.ts'
import type { Clock } from '../../platform/clock.ts'
import type { RetentionService } from './retention-service.ts'

export const RETENTION_QUEUE = 'retention.scan'
const DAY_MS = 24 * 60 * 60 * 1000

export class RetentionJob {
  constructor(
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly retention: RetentionService,
  ) {}

  handler(): JobHandler {
    return {
      queue: RETENTION_QUEUE,
      run: async () => {
        await this.schedule()
        await this.retention.flagExpired()
      },
    }
  }

  /** Books the next scan at the next 02:00 UTC (idempotent: the dedupe key is that time). */
  async schedule(): Promise<void> {
    const now = this.clock.now().getTime()
    const next = new Date(Math.floor((now - 2 * 3600_000) / DAY_MS) * DAY_MS + DAY_MS + 2 * 3600_000)
    await this.jobs.enqueue(
      RETENTION_QUEUE,
      {},
      { runAt: next, dedupeKey: `scan@${next.toISOString()}`, maxAttempts: 1 },
    )
  }
}
