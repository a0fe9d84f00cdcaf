// The compliance centre's parts, built once in createContext: the processors register, the egress
// guard that enforces it, and the checklist the admin page and `tessera compliance check` share.
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { ComplianceReport } from '@tessera/contracts'
import type { AnchorEntry } from '../audit/checkpoint.ts'
import { AuditWriter } from '../audit/audit-writer.ts'
import { verifyAuditTrail } from '../audit/verify.ts'
import type { Clock } from '../platform/clock.ts'
import type { Config } from '../platform/config.ts'
import type { Database } from '../platform/db/schema.ts'
import { runChecks } from './compliance-checks.ts'
import { gatherFacts } from './compliance-facts.ts'
import { EgressGuard } from './egress-guard.ts'
import { hostOf } from './egress-hosts.ts'
import { ProcessorStore } from './processor-store.ts'

export interface ComplianceDeps {
  db: Kysely<Database>
  clock: Clock
  config: Config
  log: Logger
}

export interface ComplianceModule {
  processors: ProcessorStore
  egress: EgressGuard
  /** Runs every check now. `anchor`: the external anchor's entries when the caller has them. */
  report(options?: { anchor?: AnchorEntry[] }): Promise<ComplianceReport>
}

/** The configured database and Redis: the server's own infrastructure, always reachable. */
export function infrastructureHosts(config: Config): string[] {
  return [config.databaseUrl, config.redisUrl].flatMap((url) => {
    const host = url ? hostOf(url) : null
    return host ? [host] : []
  })
}

export function createCompliance(deps: ComplianceDeps): ComplianceModule {
  const { db, clock, config, log } = deps
  let egress: EgressGuard | null = null
  // A change reloads the allowlist before the request answers: the synchronous checks (clamd, the
  // process-level backstop) read the last loaded list.
  const processors = new ProcessorStore(db, clock, async () => {
    egress?.invalidate()
    await egress?.refresh()
  })
  egress = new EgressGuard({
    registeredHosts: () => processors.hosts(),
    infrastructureHosts: infrastructureHosts(config),
    log,
    audit: new AuditWriter(db, clock),
  })
  return {
    processors,
    egress,
    async report(options = {}) {
      const now = clock.now()
      const facts = await gatherFacts({
        db,
        config,
        now,
        processors: () => processors.list(),
        verifyAudit: () => verifyAuditTrail(db, options.anchor),
      })
      return { checkedAt: now.toISOString(), checks: runChecks(facts) }
    },
  }
}
