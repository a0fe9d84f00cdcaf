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
import { VaultKeys } from './vault/keys/vault-keys.ts'
import { LocalMasterKeys } from './vault/keys/local-master-keys.ts'
import type { MasterKeyProvider } from './vault/keys/master-key-provider.ts'
import { TextEnvelope } from './vault/crypto/text-envelope.ts'
import { VaultTextProtector } from './vault/crypto/fhir-text-protector.ts'
import type { DocumentService } from './vault/documents/document-service.ts'
import { createDocumentService } from './vault/documents/document-vault.ts'
import { ConsentService } from './consent/consent-service.ts'
import { createIntake, type IntakeModule } from './intake/intake-module.ts'
import { consentReadiness } from './intake/consent-adapter.ts'
import type { EventBus } from './platform/events/event-bus.ts'
import { createEventBus } from './platform/events/create-event-bus.ts'
import { createMessaging, type MessagingModule } from './messaging/messaging-module.ts'
import { createReminders } from './scheduling/reminders/reminder-module.ts'
import type { ReminderService } from './scheduling/reminders/reminder-service.ts'
import { SlotFinder } from './scheduling/slots/slot-finder.ts'
import { createBooking, type BookingModule } from './scheduling/booking/booking-module.ts'
import { BookingPolicyStore } from './scheduling/booking/booking-policy.ts'
import { createAvailability, type AvailabilityModule } from './scheduling/availability/availability-module.ts'
import { createConsult, type ConsultModule } from './consult/consult-module.ts'
import { createConsultNotes, type ConsultNotesModule } from './consult-notes/consult-notes-module.ts'
import { createPrescribing, type PrescribingModule } from './prescribing/prescribing-module.ts'
import { createCompliance, type ComplianceModule } from './compliance/compliance-module.ts'
import type { EgressGuard } from './compliance/egress-guard.ts'
import { guardedMailTransport } from './compliance/guarded-mail-transport.ts'
import { join } from 'node:path'
import { VERSION } from './version.ts'
import { createOperations, type OperationsModule } from './operations/operations-module.ts'

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
  /** The vault's key hierarchy: per-patient keys, data keys, erasure, rotation (vault/keys/). */
  vault: VaultKeys
  /** Small free text (note and message bodies) sealed under the patient's key (vault/crypto/). */
  textEnvelope: TextEnvelope
  /** The document vault: encrypted uploads, verified downloads, review, orphan sweeping (vault/documents/). */
  documents: DocumentService
  /** Patients' consents and the clinic's consent texts; other modules call `assertGiven` (consent/). */
  consent: ConsentService
  /** Intake forms: the questionnaire library, patients' responses, summaries, readiness (intake/). */
  intake: IntakeModule
  /**
   * Appointment reminders (scheduling/reminders/): booking calls `scheduleFor`, `rescheduleFor` and
   * `cancelFor` with its transaction; delivery outcomes and failures for reception.
   */
  reminders: ReminderService
  /** "Something changed" signals between modules and instances (Redis when REDIS_URL is set; platform/events/). */
  events: EventBus
  /** Secure messaging: threads, the staff inbox, internal notes, the live stream (messaging/). */
  messaging: MessagingModule
  /** Appointment types and clinicians' weekly availability and exceptions (scheduling/availability/). */
  availability: AvailabilityModule
  /** Free slots from availability minus booked appointments; booking calls it under its lock (scheduling/slots/). */
  slots: SlotFinder
  /** Booking, rescheduling, cancelling, appointment views and the booking policy (scheduling/booking/). */
  booking: BookingModule
  /** Video consultations: device keys, rooms and the waiting room, signalling sockets, call records (consult/). */
  consult: ConsultModule
  /** The clinician's consultation note (a Composition) and the consultation's Encounter (consult-notes/). */
  consultNotes: ConsultNotesModule
  /** Medicines catalogue, pharmacies, prescriptions, the pharmacy queue, repeats (prescribing/). */
  prescribing: PrescribingModule
  /** Processors register, the compliance checklist (compliance/). */
  compliance: ComplianceModule
  /** Outbound connections only to registered processors' hosts (S39; compliance/egress-guard.ts). */
  egress: EgressGuard
  /** Retention review (S37) and Prometheus metrics; backup and restore are CLI commands (operations/). */
  operations: OperationsModule
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
  /** The vault's master keys; defaults to one version derived from `box`, in memory (tests). */
  masterKeys?: MasterKeyProvider
  /** Where signed checkpoints are also written; defaults from the configuration. */
  anchor?: AnchorSink
  /** Defaults to SMTP when SMTP_HOST is set, otherwise the development outbox. */
  mailTransport?: MailTransport
}

function defaultMailTransport(parts: ContextParts, egress: EgressGuard): MailTransport {
  const c = parts.config
  if (c.smtpHost) {
    const smtp = createSmtpTransport({
      host: c.smtpHost,
      port: c.smtpPort,
      secure: c.smtpSecure,
      starttls: c.smtpStarttls,
      ...(c.smtpUser ? { user: c.smtpUser } : {}),
      ...(c.smtpPassword ? { password: c.smtpPassword } : {}),
      from: c.mailFrom,
      fromName: c.mailFromName,
    })
    return guardedMailTransport(smtp, egress, c.smtpHost)
  }
  return createOutboxTransport(createDatabaseOutboxStore(parts.db), { now: () => parts.clock.now() })
}

export function defaultAnchorFile(config: Config): string {
  return config.auditAnchorFile ?? join(config.dataDir, 'audit-anchor.jsonl')
}

function defaultAnchor(config: Config, egress: EgressGuard): AnchorSink {
  return config.auditAnchorUrl
    ? new HttpAnchor(config.auditAnchorUrl, egress.fetch('audit-anchor'))
    : new FileAnchor(defaultAnchorFile(config))
}

export function createContext(parts: ContextParts): AppContext {
  const { config, db, clock, log } = parts
  const jobs = new JobQueue(db, clock)
  const jobRunner = new JobRunner(jobs, log)
  const compliance = createCompliance({ db, clock, config, log })
  const egress = compliance.egress
  const mailTransport = parts.mailTransport ?? defaultMailTransport(parts, egress)
  const mail = new MailService(jobs, parts.box, mailTransport)
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
    fetch: egress.fetch('oidc'),
  }
  const anchor = parts.anchor ?? defaultAnchor(config, egress)
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
  const vault = new VaultKeys({ db, clock, master: parts.masterKeys ?? LocalMasterKeys.derived(parts.box) })
  const textEnvelope = new TextEnvelope(vault)
  const base: Omit<
    AppContext,
    | 'documents'
    | 'consent'
    | 'intake'
    | 'reminders'
    | 'availability'
    | 'events'
    | 'messaging'
    | 'booking'
    | 'consult'
    | 'consultNotes'
    | 'prescribing'
    | 'operations'
  > = {
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
    fhir: createFhirService(db, clock, access, new VaultTextProtector(textEnvelope)),
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
    vault,
    textEnvelope,
    listening,
    version: VERSION,
    slots: new SlotFinder({ db, clock }),
    compliance,
    egress,
  }
  const documents = createDocumentService(base)
  jobRunner.register(documents.sweeper.handler())
  const consent = new ConsentService({ db, clock, fhir: base.fhir })
  const intake = createIntake({
    db,
    clock,
    access,
    fhir: base.fhir,
    documents,
    consent: consentReadiness(consent),
  })
  const reminders = createReminders({
    db,
    clock,
    jobs,
    access,
    config,
    log,
    mail: mailTransport,
    publicUrl: () => identity.publicUrl(),
  })
  jobRunner.register(reminders.delivery.handler())
  const availability = createAvailability({
    db,
    clock,
    fhir: base.fhir,
    defaultTimeZone: config.clinicTimeZone,
  })
  const events = createEventBus({ redisUrl: config.redisUrl, log })
  const messaging = createMessaging({
    db,
    clock,
    access,
    text: textEnvelope,
    documents,
    store: base.fhir.store,
    mail,
    events,
    log,
    publicUrl: () => identity.publicUrl(),
    sessions: identity.sessions,
  })
  const booking = createBooking({
    db,
    clock,
    access,
    store: base.fhir.store,
    slots: base.slots,
    reminders: reminders.service,
    readiness: intake.readiness,
    policy: new BookingPolicyStore(db, clock),
    careTeamDays: config.careTeamDays,
    signInUrl: () => `${identity.publicUrl()}/sign-in`,
  })
  const consult = createConsult({
    db,
    clock,
    events,
    audit: base.audit,
    log,
    readiness: intake.readiness,
    policy: booking.policy,
    mail,
    publicUrl: () => identity.publicUrl(),
  })
  const consultNotes = createConsultNotes({ db, clock, store: base.fhir.store, rooms: consult.rooms })
  const prescribing = createPrescribing({
    db,
    clock,
    log,
    store: base.fhir.store,
    access,
    jobs,
    mail,
    audit: base.audit,
    text: textEnvelope,
    readiness: intake.readiness,
    publicUrl: () => identity.publicUrl(),
    taskAlertHours: config.pharmacyTaskAlertHours,
  })
  for (const handler of prescribing.handlers) jobRunner.register(handler)
  const operations = createOperations({ db, clock, config, jobs, audit: base.audit, vault })
  jobRunner.register(operations.retentionJob.handler())
  return {
    ...base,
    operations,
    documents,
    consent,
    intake,
    reminders: reminders.service,
    availability,
    events,
    messaging,
    booking,
    consult,
    consultNotes,
    prescribing,
  }
}
