// Reading the audit trail (AUDIT.md "Views"): one filtered, keyset-paged query shared by the staff
// search, the export and the FHIR AuditEvent search. Every value reaches SQL as a bound parameter;
// the filters arrive already validated (ids are UUIDs, the cursor is digits), so a malformed value
// is a 400 upstream and never a database error here.
import { sql, type Kysely } from 'kysely'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import type { AuditOutcome } from './audit-tables.ts'

/** A condition on the recording time: FHIR date prefixes reduce to these. */
export type TimeCondition =
  | { op: 'gte' | 'lt'; at: Date }
  /** Outside [from, to): FHIR `ne`. */
  | { op: 'outside'; from: Date; to: Date }

export interface AuditFilters {
  patientId?: string | undefined
  actorId?: string | undefined
  action?: string | undefined
  outcome?: AuditOutcome | undefined
  time?: TimeCondition[] | undefined
}

export interface AuditRow {
  id: string
  recordedAt: Date
  action: string
  outcome: AuditOutcome
  actorId: string | null
  actorRole: string | null
  actorName: string | null
  patientId: string | null
  patientName: string | null
  body: Record<string, unknown>
}

export interface AuditPage {
  rows: AuditRow[]
  /** The id of the last row when more rows follow; null on the last page. */
  nextCursor: string | null
}

/** Rows per query while streaming an export: bounded memory whatever the size of the result. */
export const EXPORT_PAGE_SIZE = 500

/**
 * A page size from the query string. The schema bounds it too, but Ajv's type coercion turns
 * "1e400" into Infinity and lets it past `maximum`; that must be a 400, not a database error.
 */
export function pageSize(value: number | undefined, fallback: number, max: number, path: string): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new AppError('invalid', `"${path}" must be a whole number from 1 to ${max}.`, [
      { path, message: `must be a whole number from 1 to ${max}` },
    ])
  }
  return value
}

export class AuditQuery {
  constructor(private readonly db: Kysely<Database>) {}

  /** Newest first; `cursor` continues after the event with that id. */
  async page(filters: AuditFilters, limit: number, cursor?: string): Promise<AuditPage> {
    const rows = await this.select(filters, limit + 1, cursor)
    const more = rows.length > limit
    const page = more ? rows.slice(0, limit) : rows
    return { rows: page, nextCursor: more ? (page.at(-1)?.id ?? null) : null }
  }

  async byId(id: string): Promise<AuditRow | undefined> {
    return (await this.select({}, 1, undefined, id))[0]
  }

  /** Every matching row, a page at a time (the export streams these; nothing holds the whole set). */
  async *pages(filters: AuditFilters, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<AuditRow[]> {
    let cursor: string | undefined
    for (;;) {
      const { rows, nextCursor } = await this.page(filters, pageSize, cursor)
      if (rows.length) yield rows
      if (!nextCursor) return
      cursor = nextCursor
    }
  }

  private async select(
    filters: AuditFilters,
    limit: number,
    cursor: string | undefined,
    id?: string,
  ): Promise<AuditRow[]> {
    let q = this.db
      .selectFrom('audit_event as e')
      .leftJoin('account as a', 'a.id', 'e.actor_id')
      .leftJoin('account as p', 'p.id', 'e.patient_id')
      .select([
        'e.id',
        'e.recorded_at',
        'e.action',
        'e.outcome',
        'e.actor_id',
        'e.actor_role',
        'e.patient_id',
        'e.body',
        'a.display_name as actor_name',
        'p.display_name as patient_name',
      ])
    if (id) q = q.where('e.id', '=', id)
    if (filters.patientId) q = q.where('e.patient_id', '=', filters.patientId)
    if (filters.actorId) q = q.where('e.actor_id', '=', filters.actorId)
    if (filters.action) q = q.where('e.action', '=', filters.action)
    if (filters.outcome) q = q.where('e.outcome', '=', filters.outcome)
    for (const t of filters.time ?? []) {
      if (t.op === 'outside') {
        const { from, to } = t
        q = q.where((eb) => eb.or([eb('e.recorded_at', '<', from), eb('e.recorded_at', '>=', to)]))
      } else q = q.where('e.recorded_at', t.op === 'gte' ? '>=' : '<', t.at)
    }
    // Keyset on (recorded_at, id): stable under concurrent inserts, and an unknown cursor id
    // simply yields nothing (the row comparison with an empty subquery is null).
    if (cursor) {
      q = q.where(
        sql<boolean>`(e.recorded_at, e.id) < (select c.recorded_at, c.id from audit_event c where c.id = ${cursor})`,
      )
    }
    const rows = await q.orderBy('e.recorded_at', 'desc').orderBy('e.id', 'desc').limit(limit).execute()
    return rows.map((r) => ({
      id: String(r.id),
      recordedAt: r.recorded_at,
      action: r.action,
      outcome: r.outcome,
      actorId: r.actor_id,
      actorRole: r.actor_role,
      actorName: r.actor_name,
      patientId: r.patient_id,
      patientName: r.patient_name,
      body: r.body,
    }))
  }
}
