// The application context: everything a route or service needs, built once and passed explicitly.
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Config } from './platform/config.ts'
import type { Clock } from './platform/clock.ts'
import type { Database } from './platform/db/schema.ts'
import type { DatabaseDriver } from './platform/db/database.ts'
import { JobQueue } from './platform/jobs/job-queue.ts'
import { JobRunner } from './platform/jobs/job-runner.ts'
import { SetupService } from './setup/setup-service.ts'
import { createPasswordPolicy, type PasswordPolicy } from './identity/password-policy.ts'
import { VERSION } from './version.ts'

export interface AppContext {
  config: Config
  log: Logger
  db: Kysely<Database>
  dbDriver: DatabaseDriver
  clock: Clock
  jobs: JobQueue
  jobRunner: JobRunner
  passwordPolicy: PasswordPolicy
  setup: SetupService
  version: string
}

export interface ContextParts {
  config: Config
  log: Logger
  db: Kysely<Database>
  dbDriver: DatabaseDriver
  clock: Clock
}

export function createContext(parts: ContextParts): AppContext {
  const jobs = new JobQueue(parts.db, parts.clock)
  const passwordPolicy = createPasswordPolicy()
  return {
    ...parts,
    jobs,
    jobRunner: new JobRunner(jobs, parts.log),
    passwordPolicy,
    setup: new SetupService(parts.db, parts.clock, passwordPolicy),
    version: VERSION,
  }
}
