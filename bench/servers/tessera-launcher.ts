// Tessera for the A/B benchmarks that need data and a signed-in user: the real createContext and
// buildApp (every plugin, hook and route of `tessera start`), with bench-only differences kept
// out of production code:
//   BENCH_AUDIT=off  ctx.audit is replaced by a writer whose record() resolves at once (the P3
//                    baseline); everything else, including the sealer, runs as in production.
//   fixture          lib/fixture.ts: a clinician with a confirmed TOTP factor, patients (account +
//                    FHIR Patient) on their care team, Observations (BENCH_FIXTURE_PATIENTS and
//                    BENCH_FIXTURE_OBSERVATIONS, default 1 and 1), written through the app's own
//                    code; printed as one `bench-fixture {json}` line so the benchmark can sign in.
//   BENCH_CIPHER=off documents are sealed and opened with the same segment framing but no AES-GCM
//                    (lib/plain-cipher.ts, set on ctx.documents.deps): the P1/P2 baseline.
//   job runner       started only with BENCH_JOB_RUNNER=on (see below).
// Configuration comes from the usual environment (DATABASE_URL, TESSERA_DATABASE_SCHEMA,
// TESSERA_DATA_DIR, LOG_LEVEL, TESSERA_RATE_LIMIT_PER_MINUTE...); it listens on 127.0.0.1, port 0.
import type { AuditRecord } from '../../apps/server/src/audit/audit-event.ts'
import { AuditWriter } from '../../apps/server/src/audit/audit-writer.ts'
import { buildApp } from '../../apps/server/src/app.ts'
import { createContext } from '../../apps/server/src/context.ts'
import { systemClock } from '../../apps/server/src/platform/clock.ts'
import { loadConfig } from '../../apps/server/src/platform/config.ts'
import { createLogger } from '../../apps/server/src/platform/logger.ts'
import { loadSecretBox, openConfiguredDatabase } from '../../apps/server/src/server.ts'
import { plainOpen, plainStreamCipher } from '../lib/plain-cipher.ts'
import { createFixture, fixtureSizeFromEnv } from '../lib/fixture.ts'
import { migrateBenchDatabase } from '../lib/migrate.ts'

/** Same interface as the real writer; nothing is written and nobody waits (bench baseline only). */
class DisabledAuditWriter extends AuditWriter {
  override async record(_records: AuditRecord[]): Promise<void> {}
}

const auditOff = process.env['BENCH_AUDIT'] === 'off'
const config = loadConfig({ overrides: { host: '127.0.0.1', port: 0 } })
const log = createLogger(config.logLevel)
const handle = await openConfiguredDatabase(config)
await migrateBenchDatabase(handle.db, config.databaseUrl ? config.databaseSchema : undefined)
const box = await loadSecretBox(config)
const ctx = createContext({
  config,
  log,
  db: handle.db,
  dbDriver: handle.driver,
  clock: systemClock,
  box,
})
if (auditOff) ctx.audit = new DisabledAuditWriter(ctx.db, ctx.clock)
if (process.env['BENCH_CIPHER'] === 'off') {
  ctx.documents.deps.streamCipher = plainStreamCipher
  // document-service.ts calls openPlaintext without a cipher: open() is replaced by the same code
  // with the plain cipher (see lib/plain-cipher.ts).
  ctx.documents.open = plainOpen(ctx.documents)
}
const fixture = await createFixture(ctx, fixtureSizeFromEnv())
const app = await buildApp(ctx)
await app.listen({ host: config.host, port: config.port })
const address = app.server.address()
const port = typeof address === 'object' && address ? address.port : config.port
ctx.listening.url = `http://127.0.0.1:${port}`
// Background jobs (mail, misuse scans) run only with BENCH_JOB_RUNNER=on: their cost depends on
// data volume and timing, not on the route measured. The audit sealer always runs.
if (process.env['BENCH_JOB_RUNNER'] === 'on') ctx.jobRunner.start()
ctx.sealer.start()
process.stdout.write(`bench-fixture ${JSON.stringify(fixture)}\n`)
process.stdout.write(`listening at ${ctx.listening.url} (audit ${auditOff ? 'off' : 'on'})\n`)

let stopping = false
process.once('SIGTERM', () => {
  if (stopping) return
  stopping = true
  void (async () => {
    await app.close()
    await ctx.audit.drain()
    await ctx.sealer.stop()
    await ctx.jobRunner.stop()
    await handle.close()
    process.exit(0)
  })()
})
