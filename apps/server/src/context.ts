// The application context: everything a route or service needs, built once and passed explicitly.
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Config } from './platform/config.ts'
import type { Clock } from './platform/clock.ts'
import type { Database } from './platform/db/schema.ts'
import type { DatabaseDriver } from './platform/db/database.ts'
import { JobQueue } from './platform/jobs/job-queue.ts'
import { JobRunner } from './platform/jobs/job-runner.ts'
import type { SecretBox } from './platform/secret-box.ts'
import type { MailTransport } from './platform/mail/mailer.ts'
import { MailService } from './platform/mail/mail-service.ts'
import { createSmtpTransport } from './platform/mail/smtp-transport.ts'
import { createOutboxTransport } from './platform/mail/outbox-transport.ts'
import { createDatabaseOutboxStore } from './platform/mail/outbox-store.ts'
import { ClinicSettingsStore } from './platform/settings/clinic-settings.ts'
import { SetupService } from './setup/setup-service.ts'
import { createPasswordPolicy } from './identity/password-policy.ts'
import { SessionStore } from './identity/session-store.ts'
import type { IdentityDeps } from './identity/identity-deps.ts'
import { AccessPolicy } from './access/access-policy.ts'
import { AuditWriter } from './audit/audit-writer.ts'
import { AuditSealer } from './audit/sealer.ts'
import { FileAnchor, HttpAnchor, type AnchorSink } from './audit/anchor.ts'
import { MisuseScanner } from './audit/misuse-scanner.ts'
import { SmartService } from './smart/smart-service.ts'
import { createFhirService, type FhirService } from './fhir/fhir-service.ts'
import { join } from 'node:path'
import { VERSION } from './version.ts'

export interface AppContext {
  config: Config
  log: Logger
  db: Kysely<Database>
  dbDriver: DatabaseDriver
  clock: Clock
  jobs: JobQueue
  jobRunner: JobRunner
  setup: SetupService
  identity: IdentityDeps
  access: AccessPolicy
  audit: AuditWriter
  sealer: AuditSealer
  anchor: AnchorSink
  /** Misuse detection over the audit stream (S23); scans every minute on the job queue. */
  misuse: MisuseScanner
  /** The FHIR R4 record: store, search, history (fhir/). */
  fhir: FhirService
  /** SMART on FHIR: outside apps' tokens (resolves `Authorization: Bearer` on FHIR routes). */
  smart: SmartService
  /** Set by the server once it listens, when TESSERA_PUBLIC_URL is not configured. */
  listening: { url: string }
  version: string
}

export interface ContextParts {
  config: Config
  log: Logger
  db: Kysely<Database>
  dbDriver: DatabaseDriver
  clock: Clock
  box: SecretBox
  /** Where signed checkpoints are also written; defaults from the configuration. */
  anchor?: AnchorSink
  /** Defaults to SMTP when SMTP_HOST is set, otherwise the development outbox. */
  mailTransport?: MailTransport
}

function defaultMailTransport(parts: ContextParts): MailTransport {
  const c = parts.config
  if (c.smtpHost) {
    return createSmtpTransport({
      host: c.smtpHost,
      port: c.smtpPort,
      secure: c.smtpSecure,
      starttls: c.smtpStarttls,
      ...(c.smtpUser ? { user: c.smtpUser } : {}),
      ...(c.smtpPassword ? { password: c.smtpPassword } : {}),
      from: c.mailFrom,
      fromName: c.mailFromName,
    })
  }
  return createOutboxTransport(createDatabaseOutboxStore(parts.db), { now: () => parts.clock.now() })
}

export function defaultAnchorFile(config: Config): string {
  return config.auditAnchorFile ?? join(config.dataDir, 'audit-anchor.jsonl')
}

function defaultAnchor(config: Config): AnchorSink {
  return config.auditAnchorUrl
    ? new HttpAnchor(config.auditAnchorUrl)
    : new FileAnchor(defaultAnchorFile(config))
}

export function createContext(parts: ContextParts): AppContext {
  const { config, db, clock, log } = parts
  const jobs = new JobQueue(db, clock)
  const jobRunner = new JobRunner(jobs, log)
  const mail = new MailService(jobs, parts.box, parts.mailTransport ?? defaultMailTransport(parts))
  jobRunner.register(mail.handler())
  const passwordPolicy = createPasswordPolicy()
  const listening = { url: `http://localhost:${config.port}` }
  const identity: IdentityDeps = {
    db,
    clock,
    config,
    log,
    sessions: new SessionStore(db, clock, config),
    mail,
    box: parts.box,
    passwordPolicy,
    settings: new ClinicSettingsStore(db, clock),
    publicUrl: () => (config.publicUrl ?? listening.url).replace(/\/$/, ''),
  }
  const anchor = parts.anchor ?? defaultAnchor(config)
  const access = new AccessPolicy(db, clock)
  const misuse = new MisuseScanner({
    db,
    clock,
    jobs,
    mail,
    log,
    timeZone: config.clinicTimeZone,
    securityContactEmail: config.securityContactEmail,
    publicUrl: () => identity.publicUrl(),
  })
  jobRunner.register(misuse.handler())
  return {
    config,
    log,
    db,
    dbDriver: parts.dbDriver,
    clock,
    jobs,
    jobRunner,
    setup: new SetupService(db, clock, passwordPolicy),
    identity,
    access,
    fhir: createFhirService(db, clock, access),
    audit: new AuditWriter(db, clock),
    sealer: new AuditSealer(db, clock, parts.box, anchor, log),
    anchor,
    misuse,
    smart: new SmartService({
      db,
      clock,
      box: parts.box,
      publicUrl: () => identity.publicUrl(),
      sessionAbsoluteHours: config.sessionAbsoluteHours,
    }),
    listening,
    version: VERSION,
  }
}
