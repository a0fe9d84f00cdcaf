import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

export type JobState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled'

export interface JobTable {
  id: Generated<string>
  queue: string
  /** Optional key that makes enqueueing idempotent while a job with the same key is not finished. */
  dedupe_key: string | null
  /** References only (ids), never clinical values: the payload is readable in a database dump. */
  payload: ColumnType<Record<string, unknown>, string, string>
  state: Generated<JobState>
  run_at: ColumnType<Date, Date | string, Date | string>
  attempts: Generated<number>
  max_attempts: number
  locked_until: ColumnType<Date | null, Date | string | null, Date | string | null>
  last_error: string | null
  created_at: ColumnType<Date, Date | string, never>
  updated_at: ColumnType<Date, Date | string, Date | string>
}
export type JobRow = Selectable<JobTable>
export type NewJob = Insertable<JobTable>
