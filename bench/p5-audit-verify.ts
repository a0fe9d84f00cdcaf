// P5: `tessera audit verify` over N audit events (BENCH_P5_EVENTS, default 200,000) with the real
// verifyAuditTrail (re-hash every event from its stored body, rebuild every batch's RFC 6962 root,
// check the checkpoint chain, the Ed25519 signatures and the anchor) against the raw baseline: the
// same rows read in the same pages, their stored bytes hashed in one SHA-256 chain. In-process
// A/B. Goal (PERFORMANCE.md): >= 0.5x, and >= 250k events/s per core.
// The table is filled in a fresh schema on the PostgreSQL server (dropped afterwards) and in a
// fresh embedded database (a smoke variant; PGlite is not for performance claims).
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { sql, type Kysely } from 'kysely'
import { verifyAuditTrail } from '../apps/server/src/audit/verify.ts'
import { openDatabase } from '../apps/server/src/platform/db/database.ts'
import type { Database } from '../apps/server/src/platform/db/schema.ts'
import { median } from './lib/ab.ts'
import { fillAuditTrail, MemoryAnchor } from './lib/audit-fill.ts'
import { benchDatabases, benchSchema, dbLabel, dropSchema, type BenchDb } from './lib/databases.ts'
import { runInProcessAb, type InProcessSide } from './lib/inproc.ts'
import { migrateBenchDatabase } from './lib/migrate.ts'
import { postgresCpuSeconds } from './lib/proc-cpu.ts'

const PAGE = 5000 // verify.ts reads in pages of 5000 rows, ordered by id

/** The baseline: the same pages, the stored bytes (jsonb as text), one chained SHA-256. */
async function rawChain(db: Kysely<Database>): Promise<number> {
  let head = Buffer.alloc(32)
  let cursor = '0'
  let n = 0
  for (;;) {
    const page = await sql<{ id: string; body: string }>`
      select id, body::text as body from audit_event where id > ${cursor} order by id limit ${PAGE}`.execute(
      db,
    )
    if (page.rows.length === 0) break
    for (const row of page.rows) head = createHash('sha256').update(head).update(row.body).digest()
    n += page.rows.length
    cursor = page.rows.at(-1)!.id
  }
  return n
}

/** Chained SHA-256 over canonical bodies already in memory: the hashing ceiling, per core. */
function inMemoryRate(bodies: string[]): number {
  const bytes = bodies.map((b) => Buffer.from(b))
  let best = 0
  for (let round = 0; round < 5; round++) {
    let head = Buffer.alloc(32)
    const t0 = performance.now()
    for (const b of bytes) head = createHash('sha256').update(head).update(b).digest()
    best = Math.max(best, bytes.length / ((performance.now() - t0) / 1000))
  }
  return best
}

export async function p5AuditVerify(target: BenchDb): Promise<void> {
  const label = dbLabel(target)
  const events = Number(process.env['BENCH_P5_EVENTS'] ?? 200_000)
  const schema = target.kind === 'postgres' ? benchSchema('p5') : undefined
  const dir = target.kind === 'embedded' ? mkdtempSync(join(tmpdir(), 'tessera-bench-p5-')) : undefined
  const handle = await openDatabase({
    url: target.kind === 'postgres' ? target.url : undefined,
    embeddedDir: dir,
    schema,
  })
  try {
    await migrateBenchDatabase(handle.db, schema)
    const anchor = new MemoryAnchor()
    const fill = await fillAuditTrail(handle.db, anchor, { events })
    console.log(
      `\np5 (${label}): ${fill.events} events in ${fill.checkpoints} checkpoints written in ${fill.seconds.toFixed(1)} s`,
    )
    const verify: InProcessSide = {
      name: `verifyAuditTrail (${label})`,
      async run() {
        const report = await verifyAuditTrail(handle.db, anchor.entries)
        if (!report.ok || report.events !== fill.events || report.unsealed !== 0) {
          throw new Error(`verify did not pass: ${JSON.stringify(report).slice(0, 500)}`)
        }
        return report.events
      },
    }
    const raw: InProcessSide = { name: `raw chained SHA-256 (${label})`, run: () => rawChain(handle.db) }
    const ceiling = inMemoryRate(fill.sampleBodies)
    await runInProcessAb(`p5-audit-verify-${label}`, raw, verify, {
      unit: 'events',
      goal: '>= 0.5x and >= 250k events/s/core (P5)',
      ...(target.kind === 'postgres' ? { dbCpuSeconds: postgresCpuSeconds } : {}),
      checks: (aRuns, bRuns) => {
        const perCore = median(bRuns.map((r) => r.reqPerCpuSecond))
        return {
          'events/s ratio >= 0.5x': median(bRuns.map((r, i) => r.reqPerSec / aRuns[i]!.reqPerSec)) >= 0.5,
          [`verify >= 250k events per CPU-second of this process (${perCore.toFixed(0)})`]:
            perCore >= 250_000,
        }
      },
      notes: [
        `${fill.events} events, ${fill.checkpoints} checkpoints; pages of ${PAGE} rows as verify.ts reads them`,
        `in-memory chained SHA-256 over ${fill.sampleBodies.length} canonical bodies (no database): ${ceiling.toFixed(0)} events/s on one core`,
        target.kind === 'postgres'
          ? 'CPU-s is this process; app+db adds every local postgres process'
          : 'embedded PGlite (in this process): smoke variant, not for performance claims',
      ],
    })
  } finally {
    if (schema && target.kind === 'postgres') await dropSchema(target.url, schema)
    await handle.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
}

export async function p5All(): Promise<void> {
  for (const db of await benchDatabases()) await p5AuditVerify(db)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await p5All()
