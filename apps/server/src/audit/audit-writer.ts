// The fail-closed, group-commit audit writer (AUDIT.md "Write path").
// Requests hand their events to `record()` and wait; a flush writes everything pending (up to 256
// events) in ONE insert (one commit) and releases every waiter when that commit is durable. If the insert fails,
// every waiter gets the error and must not send patient data. When a change and its event belong
// together, `record(events, tx)` writes inside that transaction instead.
// No hash chain in the write path (it serialises every request on one row); the sealer chains.
import type { Kysely } from 'kysely'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import { auditBody, type AuditRecord } from './audit-event.ts'
import { canonicalJson } from './canonical-json.ts'
import { leafHash } from './merkle.ts'

const MAX_BATCH = 256

interface Pending {
  rows: AuditRow[]
  resolve: () => void
  reject: (err: unknown) => void
}

interface AuditRow {
  recorded_at: Date
  actor_id: string | null
  actor_role: string | null
  action: string
  outcome: AuditRecord['outcome']
  patient_id: string | null
  body: string
  leaf_hash: Uint8Array
}

export class AuditWriter {
  private pending: Pending[] = []
  private writing = false

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  toRow(record: AuditRecord): AuditRow {
    const recorded = this.clock.now()
    const body = canonicalJson(auditBody(record, recorded))
    return {
      recorded_at: recorded,
      actor_id: record.actorId,
      actor_role: record.actorRole,
      action: record.action,
      outcome: record.outcome,
      patient_id: record.patientId ?? null,
      body,
      leaf_hash: leafHash(body),
    }
  }

  /** Resolves once the events are durable; rejects (fail closed) if they could not be written. */
  async record(records: AuditRecord[], tx?: Kysely<Database>): Promise<void> {
    if (records.length === 0) return
    const rows = records.map((r) => this.toRow(r))
    if (tx) {
      await tx.insertInto('audit_event').values(rows).execute()
      return
    }
    await new Promise<void>((resolve, reject) => {
      this.pending.push({ rows, resolve, reject })
      this.schedule()
    })
  }

  /**
   * Commit-driven batching: when no write is in flight, write now; while one is, let events gather
   * and write them together as soon as it completes. A lone request never waits on a timer, and
   * under load each commit carries everything that arrived during the previous one.
   */
  private schedule(): void {
    if (this.writing) return
    this.writing = true
    queueMicrotask(() => void this.drainLoop())
  }

  private async drainLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) await this.flush()
    } finally {
      this.writing = false
      if (this.pending.length > 0) this.schedule()
    }
  }

  private async flush(): Promise<void> {
    // At most MAX_BATCH rows per insert; what is left waits for the next turn of the loop.
    const batch: Pending[] = []
    let rows = 0
    while (this.pending.length > 0 && (rows === 0 || rows + this.pending[0]!.rows.length <= MAX_BATCH)) {
      const next = this.pending.shift()!
      rows += next.rows.length
      batch.push(next)
    }
    if (batch.length === 0) return
    try {
      await this.db
        .insertInto('audit_event')
        .values(batch.flatMap((p) => p.rows))
        .execute()
      for (const p of batch) p.resolve()
    } catch (err) {
      const failure = new AppError(
        'unavailable',
        'The audit trail could not be written, so nothing was shown. Try again shortly.',
        [],
        { cause: err },
      )
      for (const p of batch) p.reject(failure)
    }
  }

  /** Waits for everything handed in so far to be written (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.writing || this.pending.length > 0) {
      if (!this.writing) this.schedule()
      await new Promise((r) => setTimeout(r, 1))
    }
  }
}
