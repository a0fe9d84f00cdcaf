// Operations (operations/README.md): retention review and metrics; backup and restore are CLI-only.
import type { Kysely } from 'kysely'
import type { Database } from '../platform/db/schema.ts'
import type { Clock } from '../platform/clock.ts'
import type { Config } from '../platform/config.ts'
import type { JobQueue } from '../platform/jobs/job-queue.ts'
import type { AuditWriter } from '../audit/audit-writer.ts'
import type { VaultKeys } from '../vault/keys/vault-keys.ts'
import { RetentionService } from './retention/retention-service.ts'
import { RetentionJob } from './retention/retention-job.ts'
import { HttpMetrics } from './metrics/http-metrics.ts'

export interface OperationsModule {
  retention: RetentionService
  retentionJob: RetentionJob
  httpMetrics: HttpMetrics
}

export function createOperations(deps: {
  db: Kysely<Database>
  clock: Clock
  config: Config
  jobs: JobQueue
  audit: AuditWriter
  vault: VaultKeys
}): OperationsModule {
  const retention = new RetentionService({
    db: deps.db,
    clock: deps.clock,
    audit: deps.audit,
    vault: deps.vault,
    adultYears: deps.config.retentionAdultYears,
  })
  return {
    retention,
    retentionJob: new RetentionJob(deps.jobs, deps.clock, retention),
    httpMetrics: new HttpMetrics(),
  }
}
