// The privacy officer's view of misuse alerts: the list (with who was flagged) and the review.
import type { Kysely } from 'kysely'
import type {
  MisuseAlertStatus,
  MisuseAlertView,
  MisuseRule,
  ReviewMisuseAlertBody,
  Role,
} from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'

const LIST_LIMIT = 200

export class MisuseAlertService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  private query() {
    return this.db
      .selectFrom('misuse_alert as m')
      .leftJoin('account as a', 'a.id', 'm.actor_id')
      .leftJoin('account as r', 'r.id', 'm.reviewed_by')
      .select([
        'm.id',
        'm.rule',
        'm.status',
        'm.actor_id',
        'a.display_name as actor_name',
        'a.role as actor_role',
        'm.detected_at',
        'm.window_start',
        'm.window_end',
        'm.event_count',
        'm.patient_count',
        'r.display_name as reviewer_name',
        'm.reviewed_at',
        'm.note',
      ])
  }

  /** Newest first; every status unless one is asked for. */
  async list(status?: MisuseAlertStatus): Promise<MisuseAlertView[]> {
    let q = this.query()
    if (status) q = q.where('m.status', '=', status)
    const rows = await q
      .orderBy('m.detected_at', 'desc')
      .orderBy('m.window_start', 'desc')
      .limit(LIST_LIMIT)
      .execute()
    return rows.map(toView)
  }

  async review(actor: Actor, alertId: string, body: ReviewMisuseAlertBody): Promise<MisuseAlertView> {
    const alert = await this.db
      .selectFrom('misuse_alert')
      .select(['id', 'actor_id'])
      .where('id', '=', alertId)
      .executeTakeFirst()
    if (!alert) throw new AppError('not-found', 'No such alert.')
    // Nobody closes an alert about themselves (their own failed sign-ins, their own reads).
    if (alert.actor_id === actor.accountId) {
      throw new AppError('forbidden', 'Another privacy officer must review an alert about your own account.')
    }
    await this.db
      .updateTable('misuse_alert')
      .set({
        status: body.status,
        note: body.note?.trim() ? body.note.trim() : null,
        reviewed_by: actor.accountId,
        reviewed_at: this.clock.now(),
      })
      .where('id', '=', alertId)
      .execute()
    const row = await this.query().where('m.id', '=', alertId).executeTakeFirstOrThrow()
    return toView(row)
  }
}

interface AlertViewRow {
  id: string
  rule: string
  status: MisuseAlertStatus
  actor_id: string
  actor_name: string | null
  actor_role: Role | null
  detected_at: Date
  window_start: Date
  window_end: Date
  event_count: number
  patient_count: number
  reviewer_name: string | null
  reviewed_at: Date | null
  note: string | null
}

function iso(value: Date | string): string {
  return new Date(value).toISOString()
}

function toView(row: AlertViewRow): MisuseAlertView {
  return {
    id: row.id,
    // Written only by the scanner, from MISUSE_RULES ids.
    rule: row.rule as MisuseRule,
    status: row.status,
    actor:
      row.actor_name !== null && row.actor_role !== null
        ? { id: row.actor_id, displayName: row.actor_name, role: row.actor_role }
        : null,
    detectedAt: iso(row.detected_at),
    windowStart: iso(row.window_start),
    windowEnd: iso(row.window_end),
    eventCount: row.event_count,
    patientCount: row.patient_count,
    reviewedBy: row.reviewer_name,
    reviewedAt: row.reviewed_at ? iso(row.reviewed_at) : null,
    note: row.note,
  }
}
