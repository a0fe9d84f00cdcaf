// Tessera for the A/B benchmarks that need data and a signed-in user: the real createContext and
// buildApp (every plugin, hook and route of `tessera start`), with bench-only differences kept
// out of production code:
//   BENCH_AUDIT=off  ctx.audit is replaced by a writer whose record() resolves at once (the P3
//                    baseline); everything else, including the sealer, runs as in production.
//   fixture          a clinician with a confirmed TOTP factor, a patient, and the care-team row
//                    between them, written through the app's own database handle; printed as one
//                    `bench-fixture {json}` line so the benchmark can sign in over HTTP.
//   job runner       started only with BENCH_JOB_RUNNER=on (see below).
// Configuration comes from the usual environment (DATABASE_URL, TESSERA_DATABASE_SCHEMA,
// TESSERA_DATA_DIR, LOG_LEVEL, TESSERA_RATE_LIMIT_PER_MINUTE...); it listens on 127.0.0.1, port 0.
import { randomBytes, randomUUID } from 'node:crypto'
import type { AuditRecord } from '../../apps/server/src/audit/audit-event.ts'
import { AuditWriter } from '../../apps/server/src/audit/audit-writer.ts'
import { buildApp } from '../../apps/server/src/app.ts'
import { createContext, type AppContext } from '../../apps/server/src/context.ts'
import { hashPassword } from '../../apps/server/src/identity/password-hash.ts'
import { TOTP_CONTEXT } from '../../apps/server/src/identity/second-factor-service.ts'
import { generateTotpSecret } from '../../apps/server/src/identity/totp.ts'
import { systemClock } from '../../apps/server/src/platform/clock.ts'
import { loadConfig } from '../../apps/server/src/platform/config.ts'
import { createLogger } from '../../apps/server/src/platform/logger.ts'
import { loadSecretBox, openConfiguredDatabase } from '../../apps/server/src/server.ts'
import { migrateBenchDatabase } from '../lib/migrate.ts'

/** Same interface as the real writer; nothing is written and nobody waits (bench baseline only). */
class DisabledAuditWriter extends AuditWriter {
  override async record(_records: AuditRecord[]): Promise<void> {}
}

export interface BenchFixture {
  clinician: { id: string; email: string; password: string; totpSecret: string }
  patientId: string
}

async function createFixture(ctx: AppContext): Promise<BenchFixture> {
  const now = ctx.clock.now()
  const password = randomBytes(18).toString('base64url')
  const clinicianId = randomUUID()
  const patientId = randomUUID()
  const email = `bench-clinician-${clinicianId.slice(0, 8)}@bench.example`
  const totpSecret = generateTotpSecret()
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('account')
      .values([
        {
          id: clinicianId,
          email,
          display_name: 'Dr Bench Mark',
          role: 'clinician',
          password_hash: await hashPassword(password),
          email_verified_at: now,
          created_at: now,
        },
        {
          id: patientId,
          email: `bench-patient-${patientId.slice(0, 8)}@bench.example`,
          display_name: 'Pat Bench',
          role: 'patient',
          password_hash: null,
          email_verified_at: now,
          created_at: now,
        },
      ])
      .execute()
    await tx
      .insertInto('totp_credential')
      .values({
        id: randomUUID(),
        account_id: clinicianId,
        secret_sealed: ctx.identity.box.seal(totpSecret, TOTP_CONTEXT(clinicianId)),
        confirmed_at: now,
        created_at: now,
      })
      .execute()
    await tx
      .insertInto('care_team')
      .values({
        patient_id: patientId,
        clinician_id: clinicianId,
        source: 'assignment',
        created_at: now,
        ends_at: new Date(now.getTime() + ctx.config.careTeamDays * 86_400_000),
      })
      .execute()
  })
  return { clinician: { id: clinicianId, email, password, totpSecret }, patientId }
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
const fixture = await createFixture(ctx)
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
