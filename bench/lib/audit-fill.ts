// Fills audit_event fast for P5: realistic events (the shapes route-audit.ts records: reads by
// clinicians on their care team, searches touching several patients, sign-ins and MFA, denials,
// care-team changes), built with the app's own auditBody + canonicalJson + leafHash exactly as
// AuditWriter.toRow does, inserted many rows per statement, and sealed into checkpoints by the real
// AuditSealer every `sealEvery` events (as its 2 s timer would, in smaller batches).
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { auditBody, type AuditRecord } from '../../apps/server/src/audit/audit-event.ts'
import type { AnchorSink } from '../../apps/server/src/audit/anchor.ts'
import { canonicalJson } from '../../apps/server/src/audit/canonical-json.ts'
import type { AnchorEntry } from '../../apps/server/src/audit/checkpoint.ts'
import { leafHash } from '../../apps/server/src/audit/merkle.ts'
import { AuditSealer } from '../../apps/server/src/audit/sealer.ts'
import { systemClock } from '../../apps/server/src/platform/clock.ts'
import type { Database } from '../../apps/server/src/platform/db/schema.ts'
import { createLogger } from '../../apps/server/src/platform/logger.ts'
import { SecretBox } from '../../apps/server/src/platform/secret-box.ts'

/** The external anchor, kept in memory: verify compares the checkpoints with it. */
export class MemoryAnchor implements AnchorSink {
  readonly entries: AnchorEntry[] = []
  async lastId(): Promise<string | null> {
    return this.entries.at(-1)?.id ?? null
  }
  async append(entries: AnchorEntry[]): Promise<void> {
    this.entries.push(...entries)
  }
}

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
]

function pick<T>(items: readonly T[], n: number): T {
  return items[n % items.length]!
}

/** The i-th synthetic event (deterministic mix, random ids). */
function syntheticRecords(i: number, staff: string[], patients: string[]): AuditRecord[] {
  const actorId = pick(staff, i * 7)
  const common = {
    actorId,
    sessionId: randomUUID(),
    requestId: randomUUID(),
    ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    userAgent: pick(USER_AGENTS, i),
  }
  const patientId = pick(patients, i * 13)
  const kind = i % 20
  if (kind < 12)
    return [
      {
        ...common,
        action: 'patient.read',
        outcome: 'success',
        actorRole: 'clinician',
        patientId,
        purpose: 'care-team',
        detail: '200',
      },
    ]
  if (kind < 14) {
    // A search: one event per patient compartment touched.
    return [0, 1, 2].map((k) => ({
      ...common,
      action: 'patient.search',
      outcome: 'success' as const,
      actorRole: 'reception',
      patientId: pick(patients, i * 13 + k),
      purpose: 'scheduling',
      detail: '200',
    }))
  }
  if (kind < 16)
    return [
      {
        ...common,
        action: 'auth.sign-in',
        outcome: kind === 15 ? 'denied' : 'success',
        actorRole: 'clinician',
        sessionId: null,
        detail: kind === 15 ? '401' : '200',
      },
    ]
  if (kind < 18)
    return [
      { ...common, action: 'auth.mfa-verify', outcome: 'success', actorRole: 'clinician', detail: '200' },
    ]
  if (kind < 19)
    return [
      {
        ...common,
        action: 'patient.read',
        outcome: 'denied',
        actorRole: 'clinician',
        patientId,
        detail: '404',
      },
    ]
  return [
    {
      ...common,
      action: 'care-team.assign',
      outcome: 'success',
      actorRole: 'reception',
      patientId,
      entities: [`Account/${pick(staff, i)}`],
      detail: '200',
    },
  ]
}

export interface FillResult {
  events: number
  checkpoints: number
  seconds: number
  /** Canonical bodies of the first events, for an in-memory hashing reference. */
  sampleBodies: string[]
}

export async function fillAuditTrail(
  db: Kysely<Database>,
  anchor: MemoryAnchor,
  options: { events: number; sealEvery?: number; rowsPerInsert?: number; sampleSize?: number },
): Promise<FillResult> {
  const started = performance.now()
  const sealer = new AuditSealer(db, systemClock, SecretBox.random(), anchor, createLogger('silent'))
  const staff = Array.from({ length: 40 }, () => randomUUID())
  const patients = Array.from({ length: 5000 }, () => randomUUID())
  const rowsPerInsert = options.rowsPerInsert ?? 1000
  const sealEvery = options.sealEvery ?? 10_000
  const sampleSize = options.sampleSize ?? 20_000
  const sampleBodies: string[] = []
  const t0 = Date.parse('2026-03-02T08:00:00Z')
  let done = 0
  let sinceSeal = 0
  let i = 0
  while (done < options.events) {
    const rows = []
    while (rows.length < rowsPerInsert && done + rows.length < options.events) {
      const recorded = new Date(t0 + i * 50)
      for (const record of syntheticRecords(i, staff, patients)) {
        if (done + rows.length >= options.events) break
        const body = canonicalJson(auditBody(record, recorded))
        if (sampleBodies.length < sampleSize) sampleBodies.push(body)
        rows.push({
          recorded_at: recorded,
          actor_id: record.actorId,
          actor_role: record.actorRole,
          action: record.action,
          outcome: record.outcome,
          patient_id: record.patientId ?? null,
          body,
          leaf_hash: leafHash(body),
        })
      }
      i++
    }
    await db.insertInto('audit_event').values(rows).execute()
    done += rows.length
    sinceSeal += rows.length
    if (sinceSeal >= sealEvery || done >= options.events) {
      await sealer.sealOnce()
      sinceSeal = 0
    }
  }
  const checkpoints = await db
    .selectFrom('audit_checkpoint')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  return {
    events: done,
    checkpoints: Number(checkpoints.n),
    seconds: (performance.now() - started) / 1000,
    sampleBodies,
  }
}
