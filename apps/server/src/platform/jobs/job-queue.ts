// A durable job queue in PostgreSQL: one table, claims with FOR UPDATE SKIP LOCKED so any number
// of instances can work it, retries with backoff, and a visible `failed` state (S24: nothing dropped
// silently). Runs the same on PGlite and on a server.
import { sql, type Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { Database } from '../db/schema.ts'
import type { JobRow, JobState } from './job-table.ts'

export interface EnqueueOptions {
  runAt?: Date
  /** While a job with this key is pending or running, enqueueing another is a no-op. */
  dedupeKey?: string
  maxAttempts?: number
}

export type QueueCounts = Record<string, Partial<Record<JobState, number>>>

export class JobQueue {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Returns the job id, or null when an unfinished job with the same dedupe key exists. */
  async enqueue(
    queue: string,
    payload: Record<string, unknown>,
    options: EnqueueOptions = {},
    db: Kysely<Database> | undefined = undefined,
  ): Promise<string | null> {
    const now = this.clock.now()
    const rows = await sql<{ id: string }>`
      insert into job (queue, dedupe_key, payload, run_at, max_attempts, created_at, updated_at)
      values (${queue}, ${options.dedupeKey ?? null}, ${JSON.stringify(payload)}::jsonb,
              ${options.runAt ?? now}, ${options.maxAttempts ?? 5}, ${now}, ${now})
      on conflict (queue, dedupe_key) where dedupe_key is not null and state in ('pending', 'running')
      do nothing
      returning id`.execute(db ?? this.db)
    return rows.rows[0]?.id ?? null
  }

  /**
   * Cancels unfinished jobs with this key (e.g. the reminders of a cancelled appointment). Pass the
   * transaction when the cancellation belongs to a change being made.
   */
  async cancel(
    queue: string,
    dedupeKey: string,
    db: Kysely<Database> | undefined = undefined,
  ): Promise<number> {
    const result = await (db ?? this.db)
      .updateTable('job')
      .set({ state: 'cancelled', updated_at: this.clock.now() })
      .where('queue', '=', queue)
      .where('dedupe_key', '=', dedupeKey)
      .where('state', '=', 'pending')
      .executeTakeFirst()
    return Number(result.numUpdatedRows)
  }

  /** Claims due jobs (and jobs whose lock expired because their worker died). */
  async claim(queues: readonly string[], limit: number, lockMs: number): Promise<JobRow[]> {
    if (queues.length === 0) return []
    const now = this.clock.now()
    const lockedUntil = new Date(now.getTime() + lockMs)
    const result = await sql<JobRow>`
      update job set state = 'running', attempts = attempts + 1, locked_until = ${lockedUntil}, updated_at = ${now}
      where id in (
        select id from job
        where queue in (${sql.join(queues)})
          and ((state = 'pending' and run_at <= ${now}) or (state = 'running' and locked_until < ${now}))
        order by run_at, id
        limit ${limit}
        for update skip locked)
      returning *`.execute(this.db)
    return result.rows
  }

  async complete(id: string): Promise<void> {
    await this.db
      .updateTable('job')
      .set({ state: 'done', locked_until: null, updated_at: this.clock.now() })
      .where('id', '=', id)
      .execute()
  }

  /** Schedules a retry, or marks the job failed when attempts are used up. */
  async fail(job: JobRow, error: string, backoffMs: number, permanent = false): Promise<JobState> {
    const now = this.clock.now()
    const state: JobState = permanent || job.attempts >= job.max_attempts ? 'failed' : 'pending'
    await this.db
      .updateTable('job')
      .set({
        state,
        locked_until: null,
        last_error: error.slice(0, 500),
        run_at: new Date(now.getTime() + backoffMs),
        updated_at: now,
      })
      .where('id', '=', job.id)
      .execute()
    return state
  }

  async get(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async failed(queue?: string): Promise<JobRow[]> {
    let q = this.db.selectFrom('job').selectAll().where('state', '=', 'failed')
    if (queue) q = q.where('queue', '=', queue)
    return q.orderBy('id').execute()
  }

  async counts(): Promise<QueueCounts> {
    const rows = await this.db
      .selectFrom('job')
      .select(['queue', 'state', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy(['queue', 'state'])
      .execute()
    const out: QueueCounts = {}
    for (const r of rows) (out[r.queue] ??= {})[r.state] = Number(r.n)
    return out
  }
}
