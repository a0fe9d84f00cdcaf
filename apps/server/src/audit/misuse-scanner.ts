// Misuse detection over the audit stream (AUDIT.md "Views", SECURITY.md S23). A job on the durable
// queue scans every minute: the events committed since the last scan, with as much history before
// them as the rules' windows need, through every rule in misuse-rules.ts. New alerts email the
// privacy officers and the security contact (no names, no patients: the details are behind
// sign-in). The alerts, their emails and the cursor commit together in one short transaction;
// the cursor row's lock and a compare-and-set keep two instances from applying the same scan.
import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import type { JobQueue } from '../platform/jobs/job-queue.ts'
import type { JobHandler } from '../platform/jobs/job-runner.ts'
import type { MailService } from '../platform/mail/mail-service.ts'
import { addressed, misuseAlertNotice } from '../platform/mail/templates.ts'
import { countIn, detect, reconcile, type AlertChange, type KnownAlert } from './misuse-detect.ts'
import {
  actorEvents,
  baselineMedian,
  currentHorizon,
  dayOf,
  eventsBetween,
  knownAlerts,
  relationshipsFor,
} from './misuse-events.ts'
import {
  distinctPatients,
  HOUR_MS,
  isRecordTouch,
  LOOKBACK_MS,
  MISUSE_RULES,
  THRESHOLDS,
  type RuleContext,
  type ScanEvent,
} from './misuse-rules.ts'
import { clinicZone, type ClinicZone } from './misuse-zone.ts'

export const MISUSE_SCAN_QUEUE = 'audit.misuse-scan'
export const SCAN_EVERY_MS = 60_000
const SCANNER = 'audit'
/** The very first scan looks back a day, not over the whole history. */
const FIRST_SCAN_MS = 24 * HOUR_MS
/** An open alert still growing after this long is extended from what the scan reads. */
const MAX_INCIDENT_READ_MS = 7 * 24 * HOUR_MS

export interface MisuseScannerDeps {
  db: Kysely<Database>
  clock: Clock
  jobs: JobQueue
  mail: MailService
  log: Logger
  /** IANA zone of the clinic (config.clinicTimeZone), for the off-hours rule. */
  timeZone: string
  securityContactEmail?: string | undefined
  publicUrl: () => string
}

export interface ScanResult {
  /** Events new to this scan. */
  scanned: number
  raised: number
  extended: number
}

export class MisuseScanner {
  private readonly zone: ClinicZone

  constructor(private readonly deps: MisuseScannerDeps) {
    // Made here so an unknown zone stops start-up instead of failing every scan.
    this.zone = clinicZone(deps.timeZone, THRESHOLDS.offHours.startHour, THRESHOLDS.offHours.endHour)
  }

  /** Scans what is new; null when another instance is scanning right now. */
  async scanOnce(now: Date = this.deps.clock.now()): Promise<ScanResult | null> {
    const { db } = this.deps
    await db
      .insertInto('misuse_scan')
      .values({ scanner: SCANNER, horizon_txid: null, last_event_id: null, scanned_at: null })
      .onConflict((oc) => oc.column('scanner').doNothing())
      .execute()
    const start = (
      await sql<{ horizon: string | null }>`select horizon_txid::text as horizon from misuse_scan
        where scanner = ${SCANNER}`.execute(db)
    ).rows[0]
    // Reading and judging happen OUTSIDE any transaction: on the embedded database a long
    // transaction would hold its only connection (every request would wait), and on a server it
    // would hold back the audit sealer's horizon. Only the short write below is transactional,
    // and it checks that no other instance moved the cursor meanwhile.
    const horizon = await currentHorizon(db)
    const since = start?.horizon == null ? new Date(now.getTime() - FIRST_SCAN_MS) : null
    const fresh = await eventsBetween(db, start?.horizon ?? '0', horizon, since)
    const changes = fresh.length > 0 ? await this.judge(db, fresh, horizon) : []
    const result = await db.transaction().execute(async (tx) => {
      const cursor = (
        await sql<{ horizon: string | null }>`select horizon_txid::text as horizon from misuse_scan
          where scanner = ${SCANNER} for update skip locked`.execute(tx)
      ).rows[0]
      if (!cursor || cursor.horizon !== (start?.horizon ?? null)) return null
      const raised = await this.apply(tx, changes, now)
      if (raised.length > 0) await this.notify(tx)
      const lastId = fresh.reduce<bigint | null>((max, e) => {
        const id = BigInt(e.id)
        return max === null || id > max ? id : max
      }, null)
      await sql`update misuse_scan set horizon_txid = ${horizon}::xid8, scanned_at = ${now},
        last_event_id = greatest(last_event_id, ${lastId === null ? null : lastId.toString()}::bigint)
        where scanner = ${SCANNER}`.execute(tx)
      return {
        scanned: fresh.length,
        raised: raised.length,
        extended: changes.filter((c) => c.kind === 'update').length,
        rules: [...new Set(raised.map((a) => a.rule))],
      }
    })
    if (!result) return null
    const { rules, ...counts } = result
    // Rule names and counts only: who and which patients stay in the database.
    if (counts.raised > 0)
      this.deps.log.warn({ ...counts, rules }, 'possible misuse of patient records detected')
    return counts
  }

  /** The job that scans every minute; it books its next run before scanning, so a failure never ends the chain. */
  handler(): JobHandler {
    return {
      queue: MISUSE_SCAN_QUEUE,
      run: async () => {
        await this.schedule()
        await this.scanOnce()
      },
    }
  }

  /** Books the next scan at the next whole minute (idempotent: the dedupe key is that minute). */
  async schedule(): Promise<void> {
    const { jobs, db, clock } = this.deps
    const now = clock.now().getTime()
    const next = new Date((Math.floor(now / SCAN_EVERY_MS) + 1) * SCAN_EVERY_MS)
    await jobs.enqueue(
      MISUSE_SCAN_QUEUE,
      {},
      { runAt: next, dedupeKey: `scan@${next.toISOString()}`, maxAttempts: 1 },
    )
    // One finished job a minute adds up; keep a day of them for operators to look at.
    await db
      .deleteFrom('job')
      .where('queue', '=', MISUSE_SCAN_QUEUE)
      .where('state', '=', 'done')
      .where('updated_at', '<', new Date(now - FIRST_SCAN_MS))
      .execute()
  }

  private async judge(tx: Kysely<Database>, fresh: ScanEvent[], horizon: string): Promise<AlertChange[]> {
    const from = fresh.reduce((min, e) => Math.min(min, e.at), Number.POSITIVE_INFINITY)
    const actors = [...new Set(fresh.map((e) => e.actorId))]
    const known = await knownAlerts(tx, actors, new Date(from - LOOKBACK_MS))
    // Read back to the start of any open alert these events might extend, so its counts stay whole.
    const readFrom = known
      .filter((a) => a.status === 'open')
      .reduce((min, a) => Math.min(min, a.windowStart), from - LOOKBACK_MS)
    const events = await actorEvents(
      tx,
      actors,
      new Date(Math.max(readFrom, from - MAX_INCIDENT_READ_MS)),
      horizon,
    )
    const byActor = new Map<string, ScanEvent[]>()
    for (const e of events) {
      const list = byActor.get(e.actorId)
      if (list) list.push(e)
      else byActor.set(e.actorId, [e])
    }

    const relationships = await relationshipsFor(tx, events)
    const baselines = new Map<string, number>()
    for (const [actor, list] of byActor) {
      for (const day of daysOverFloor(list, from)) {
        baselines.set(`${actor}:${day}`, await baselineMedian(tx, actor, day))
      }
    }
    const ctx: RuleContext = {
      zone: this.zone,
      hadRelationship: (c, p, at) => relationships.has(c, p, at),
      baselineMedian: (actor, at) => baselines.get(`${actor}:${dayOf(at)}`) ?? 0,
    }
    const changes: AlertChange[] = []
    for (const [actor, list] of byActor) {
      for (const rule of MISUSE_RULES) {
        const incidents = detect(rule, actor, list, ctx, from)
        if (incidents.length === 0) continue
        const counts = (i: { windowStart: number; windowEnd: number }) =>
          countIn(rule, list, i.windowStart, i.windowEnd, ctx)
        changes.push(...reconcile(incidents, known, counts, randomUUID))
      }
    }
    return changes
  }

  /** Writes the changes; returns the alerts actually inserted (a concurrent duplicate is skipped). */
  private async apply(tx: Kysely<Database>, changes: AlertChange[], now: Date): Promise<KnownAlert[]> {
    const raised: KnownAlert[] = []
    for (const change of changes) {
      if (change.kind === 'update') {
        await tx
          .updateTable('misuse_alert')
          .set({
            window_end: new Date(change.windowEnd),
            event_count: change.eventCount,
            patient_count: change.patientCount,
          })
          .where('id', '=', change.id)
          .execute()
        continue
      }
      const a = change.alert
      const row = await tx
        .insertInto('misuse_alert')
        .values({
          id: a.id,
          rule: a.rule,
          actor_id: a.actorId,
          detected_at: now,
          window_start: new Date(a.windowStart),
          window_end: new Date(a.windowEnd),
          event_count: a.eventCount,
          patient_count: a.patientCount,
        })
        .onConflict((oc) => oc.columns(['rule', 'actor_id', 'window_start']).doNothing())
        .returning('id')
        .executeTakeFirst()
      if (row) raised.push(a)
    }
    return raised
  }

  /** One email per recipient per scan that raised anything: it says only that there is something to review. */
  private async notify(tx: Kysely<Database>): Promise<void> {
    const officers = await tx
      .selectFrom('account')
      .select('email')
      .where('role', '=', 'privacy-officer')
      .where('disabled_at', 'is', null)
      .execute()
    const recipients = new Map<string, string>()
    for (const email of [...officers.map((o) => o.email), this.deps.securityContactEmail ?? '']) {
      if (email) recipients.set(email.toLowerCase(), email)
    }
    const notice = misuseAlertNotice({ signInUrl: `${this.deps.publicUrl()}/sign-in` })
    for (const to of recipients.values()) await this.deps.mail.send(addressed(to, notice), tx)
  }
}

/** UTC days in which some hour of this actor's touches is above the volume floor (a baseline is needed). */
export function daysOverFloor(events: readonly ScanEvent[], from: number): Set<number> {
  const touches = events.filter(isRecordTouch)
  const days = new Set<number>()
  let first = 0
  for (let last = 0; last < touches.length; last++) {
    const end = touches[last]!.at
    while (touches[first]!.at <= end - THRESHOLDS.volume.windowMs) first++
    if (end < from) continue
    if (distinctPatients(touches.slice(first, last + 1)) > THRESHOLDS.volume.floor) days.add(dayOf(end))
  }
  return days
}
