// Works the queue: polls for due jobs, runs their handler, retries with exponential backoff.
import type { Logger } from 'pino'
import type { JobQueue } from './job-queue.ts'
import type { JobRow } from './job-table.ts'

export interface JobHandler {
  queue: string
  run(payload: Record<string, unknown>, job: JobRow): Promise<void>
  /** Delay before attempt n+1; default 2^n seconds, capped at 15 minutes. */
  backoffMs?: (attempt: number) => number
}

export interface JobRunnerOptions {
  pollMs?: number
  batchSize?: number
  /** How long a claim holds a job before another worker may take it over. */
  lockMs?: number
}

/** Thrown by a handler when trying again cannot help: the job fails at once (and stays visible). */
export class PermanentJobError extends Error {
  override readonly name: string = 'PermanentJobError'
}

const defaultBackoff = (attempt: number): number => Math.min(1000 * 2 ** attempt, 15 * 60_000)

/** Error text safe to store and log: the error's name and message, never its data fields. */
function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : 'non-error thrown'
}

export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>()
  private timer: NodeJS.Timeout | undefined
  private running: Promise<number> | undefined
  private stopped = true

  constructor(
    private readonly queue: JobQueue,
    private readonly log: Logger,
    private readonly options: JobRunnerOptions = {},
  ) {}

  register(handler: JobHandler): void {
    if (this.handlers.has(handler.queue)) throw new Error(`job handler for ${handler.queue} registered twice`)
    this.handlers.set(handler.queue, handler)
  }

  start(): void {
    this.stopped = false
    this.schedule()
  }

  /** Stops polling and waits for the batch in progress. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.running
  }

  /** Runs every due job once (tests call this directly with a fake clock). Returns how many ran. */
  async runDue(): Promise<number> {
    const jobs = await this.queue.claim(
      [...this.handlers.keys()],
      this.options.batchSize ?? 10,
      this.options.lockMs ?? 5 * 60_000,
    )
    for (const job of jobs) await this.runOne(job)
    return jobs.length
  }

  private async runOne(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.queue)
    if (!handler) return
    try {
      await handler.run(job.payload, job)
      await this.queue.complete(job.id)
    } catch (err) {
      const backoff = (handler.backoffMs ?? defaultBackoff)(job.attempts)
      const state = await this.queue.fail(job, describe(err), backoff, err instanceof PermanentJobError)
      const entry = { jobId: job.id, queue: job.queue, attempt: job.attempts, err: describe(err) }
      if (state === 'failed') this.log.error(entry, 'job failed after its last attempt')
      else this.log.warn(entry, 'job failed, will retry')
    }
  }

  private schedule(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.running = this.runDue().catch((err: unknown) => {
        this.log.error({ err: describe(err) }, 'job poll failed')
        return 0
      })
      void this.running.finally(() => this.schedule())
    }, this.options.pollMs ?? 1000)
    this.timer.unref()
  }
}
