// Sealing and misuse scans read events below the cluster's transaction horizon. On a PostgreSQL
// server shared by concurrently running test files, another file's open transaction holds that
// back for a moment; tests wait (bounded) until the horizon has passed their own events.
import { sql } from 'kysely'
import type { TestApp } from './test-app.ts'

export async function auditHorizonSettled(t: TestApp, timeoutMs = 10_000): Promise<void> {
  await t.ctx.audit.drain()
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const row = (
      await sql<{
        ok: boolean
      }>`select coalesce(pg_snapshot_xmin(pg_current_snapshot()) > max(txid), true) as ok
        from audit_event`.execute(t.ctx.db)
    ).rows[0]
    if (row?.ok) return
    await new Promise((r) => setTimeout(r, 50))
  }
}
