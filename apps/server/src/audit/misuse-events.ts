// What the misuse scanner reads: audit events (by transaction horizon, like the sealer), the care
// relationships behind reads that stated no purpose, each actor's hourly baseline, and the
// alerts already raised. Read-only; misuse-scanner.ts writes.
import { sql, type Kysely } from 'kysely'
import type { MisuseAlertStatus, MisuseRule } from '@tessera/contracts'
import type { Database } from '../platform/db/schema.ts'
import type { AuditOutcome } from './audit-tables.ts'
import type { KnownAlert } from './misuse-detect.ts'
import { isPatientDataRead, THRESHOLDS, type ScanEvent } from './misuse-rules.ts'

const DAY_MS = 86_400_000

interface EventRow {
  id: string
  recorded_at: Date | string
  actor_id: string
  actor_role: string | null
  action: string
  outcome: AuditOutcome
  patient_id: string | null
  purpose: string | null
  row_count: string | null
}

// Purpose and row count live in the event body (audit-event.ts): agent[0].purposeOfUse[0].text and
// the extension urn:tessera:row-count that export routes may add.
const COLUMNS = sql`e.id::text as id, e.recorded_at, e.actor_id::text as actor_id, e.actor_role, e.action,
  e.outcome, e.patient_id::text as patient_id,
  e.body #>> '{agent,0,purposeOfUse,0,text}' as purpose,
  (select x ->> 'valueInteger' from jsonb_array_elements(coalesce(e.body -> 'extension', '[]'::jsonb)) x
    where x ->> 'url' = 'urn:tessera:row-count' limit 1) as row_count`

function toEvent(row: EventRow): ScanEvent {
  const rows = row.row_count === null ? null : Number(row.row_count)
  return {
    id: row.id,
    at: new Date(row.recorded_at).getTime(),
    actorId: row.actor_id,
    actorRole: row.actor_role,
    action: row.action,
    outcome: row.outcome,
    patientId: row.patient_id,
    purpose: row.purpose,
    rowCount: rows !== null && Number.isFinite(rows) ? rows : null,
  }
}

/** The oldest transaction still running: every event below it is committed or gone for good. */
export async function currentHorizon(db: Kysely<Database>): Promise<string> {
  const row = await sql<{ h: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as h`.execute(db)
  return row.rows[0]!.h
}

/**
 * Events of transactions that finished between two horizons (ids are handed out before commit,
 * so an id cursor could skip a row that commits late). Anonymous events are left out: every rule
 * is about one account.
 */
export async function eventsBetween(
  db: Kysely<Database>,
  fromTxid: string,
  toTxid: string,
  since: Date | null,
): Promise<ScanEvent[]> {
  const result = await sql<EventRow>`select ${COLUMNS} from audit_event e
    where e.txid >= ${fromTxid}::xid8 and e.txid < ${toTxid}::xid8 and e.actor_id is not null
      ${since ? sql`and e.recorded_at >= ${since}` : sql``}
    order by e.recorded_at, e.id`.execute(db)
  return result.rows.map(toEvent)
}

/** Every event of these actors since `since`, up to the horizon, in time order. */
export async function actorEvents(
  db: Kysely<Database>,
  actorIds: readonly string[],
  since: Date,
  toTxid: string,
): Promise<ScanEvent[]> {
  if (actorIds.length === 0) return []
  const result = await sql<EventRow>`select ${COLUMNS} from audit_event e
    where e.actor_id in (${sql.join(actorIds)}) and e.recorded_at >= ${since} and e.txid < ${toTxid}::xid8
    order by e.recorded_at, e.id`.execute(db)
  return result.rows.map(toEvent)
}

export interface RelationshipIndex {
  has(clinicianId: string, patientId: string, at: number): boolean
}

/**
 * Care-team memberships and break-glass grants for the clinician reads that stated no purpose
 * (search results), so the rule can tell whether each had a relationship at the time.
 */
export async function relationshipsFor(
  db: Kysely<Database>,
  events: readonly ScanEvent[],
): Promise<RelationshipIndex> {
  const unstated = events.filter(
    (e) => e.actorRole === 'clinician' && e.purpose === null && e.patientId && isPatientDataRead(e.action),
  )
  const spans = new Map<string, Array<{ from: number; to: number | null }>>()
  if (unstated.length > 0) {
    const clinicians = [...new Set(unstated.map((e) => e.actorId))]
    const patients = [...new Set(unstated.map((e) => e.patientId!))]
    const teams = await db
      .selectFrom('care_team')
      .select(['clinician_id', 'patient_id', 'created_at', 'ends_at'])
      .where('clinician_id', 'in', clinicians)
      .where('patient_id', 'in', patients)
      .execute()
    const grants = await db
      .selectFrom('break_glass')
      .select(['clinician_id', 'patient_id', 'created_at', 'expires_at'])
      .where('clinician_id', 'in', clinicians)
      .where('patient_id', 'in', patients)
      .execute()
    const add = (c: string, p: string, from: Date, to: Date | null): void => {
      const key = `${c}:${p}`
      spans.set(key, [...(spans.get(key) ?? []), { from: from.getTime(), to: to ? to.getTime() : null }])
    }
    for (const r of teams) add(r.clinician_id, r.patient_id, r.created_at, r.ends_at)
    for (const r of grants) add(r.clinician_id, r.patient_id, r.created_at, r.expires_at)
  }
  return {
    has: (clinicianId, patientId, at) =>
      (spans.get(`${clinicianId}:${patientId}`) ?? []).some(
        (s) => s.from <= at && (s.to === null || at < s.to),
      ),
  }
}

/** Start of the UTC day of `at`: baselines are per actor and day, so every scan agrees on them. */
export function dayOf(at: number): number {
  return Math.floor(at / DAY_MS) * DAY_MS
}

/**
 * The actor's median of distinct patients touched per active hour (hours with at least one
 * touch) over the 30 days before `day`; 0 without history. Same touches as isRecordTouch.
 */
export async function baselineMedian(db: Kysely<Database>, actorId: string, day: number): Promise<number> {
  const from = new Date(day - THRESHOLDS.volume.baselineDays * DAY_MS)
  const to = new Date(day)
  const result = await sql<{ median: number | string | null }>`
    select percentile_cont(0.5) within group (order by n) as median from (
      select date_trunc('hour', recorded_at) as hour, count(distinct patient_id) as n
      from audit_event
      where actor_id = ${actorId} and outcome = 'success' and patient_id is not null
        and patient_id <> actor_id and action not like '%.search' and action not like '%.list'
        and action not like 'audit.%'
        and recorded_at >= ${from} and recorded_at < ${to}
      group by 1) hours`.execute(db)
  const median = Number(result.rows[0]?.median ?? 0)
  return Number.isFinite(median) ? median : 0
}

interface AlertRow {
  id: string
  rule: string
  actor_id: string
  window_start: Date | string
  window_end: Date | string
  status: MisuseAlertStatus
  event_count: number
  patient_count: number
}

/** Alerts of these actors whose window ends at or after `since`. */
export async function knownAlerts(
  db: Kysely<Database>,
  actorIds: readonly string[],
  since: Date,
): Promise<KnownAlert[]> {
  if (actorIds.length === 0) return []
  const rows: AlertRow[] = await db
    .selectFrom('misuse_alert')
    .select([
      'id',
      'rule',
      'actor_id',
      'window_start',
      'window_end',
      'status',
      'event_count',
      'patient_count',
    ])
    .where('actor_id', 'in', actorIds)
    .where('window_end', '>=', since)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    // Written only by this module from MISUSE_RULES ids.
    rule: r.rule as MisuseRule,
    actorId: r.actor_id,
    windowStart: new Date(r.window_start).getTime(),
    windowEnd: new Date(r.window_end).getTime(),
    status: r.status,
    eventCount: r.event_count,
    patientCount: r.patient_count,
  }))
}
