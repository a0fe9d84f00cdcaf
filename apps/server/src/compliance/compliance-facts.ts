// What the compliance checks look at, gathered in one place from the database and the
// configuration. The checks themselves (compliance-checks.ts) are pure functions of these facts.
import { sql, type Kysely } from 'kysely'
import type { ProcessorView } from '@tessera/contracts'
import type { Config } from '../platform/config.ts'
import type { Database } from '../platform/db/schema.ts'
import type { VerifyReport } from '../audit/verify.ts'
import { configuredDestinations, type Destination } from './egress-destinations.ts'

export interface Enrolment {
  /** Accounts that can sign in (not disabled). */
  active: number
  /** Of those, with a second factor (passkey, authenticator app or email code). */
  enrolled: number
}

export interface ComplianceFacts {
  now: Date
  mfa: { clinicians: Enrolment; patients: Enrolment; otherStaff: Enrolment }
  consults: { withCall: number; linkedToEncounter: number }
  uploads: { last30Days: number; scanner: 'clamd' | 'none' }
  audit: { report: VerifyReport; lastSealedAt: Date | null }
  tls: { publicUrl: string | null; certificate: boolean; selfSigned: boolean }
  sessions: { idleStaffMinutes: number; idlePatientMinutes: number; absoluteHours: number }
  masterKey: { version: number; createdAt: Date } | null
  /** Null when the operations module's tables are not there (retention and backups not set up). */
  backups: { lastBackupAt: Date | null; lastRestoreTestAt: Date | null; lastFailureAt: Date | null } | null
  retention: { flagged: number; erased: number; adultYears: number } | null
  processors: ProcessorView[]
  destinations: Destination[]
}

export interface FactSources {
  db: Kysely<Database>
  config: Config
  now: Date
  processors: () => Promise<ProcessorView[]>
  /** Runs `tessera audit verify`'s check (compliance-service decides with or without the anchor). */
  verifyAudit: () => Promise<VerifyReport>
}

const STAFF_CLINICAL = ['clinician']
const NON_PATIENT_STAFF = ['pharmacist', 'reception', 'admin', 'privacy-officer']

async function enrolment(db: Kysely<Database>, roles: string[]): Promise<Enrolment> {
  const row = (
    await sql<{ active: string; enrolled: string }>`select count(*)::text as active,
      count(*) filter (where exists (select 1 from webauthn_credential w where w.account_id = a.id)
        or exists (select 1 from totp_credential t where t.account_id = a.id and t.confirmed_at is not null)
        or exists (select 1 from email_mfa_enrolment e where e.account_id = a.id))::text as enrolled
      from account a where a.disabled_at is null and a.role in (${sql.join(roles)})`.execute(db)
  ).rows[0]!
  return { active: Number(row.active), enrolled: Number(row.enrolled) }
}

async function tableExists(db: Kysely<Database>, name: string): Promise<boolean> {
  const row = (await sql<{ t: string | null }>`select to_regclass(${name})::text as t`.execute(db)).rows[0]
  return Boolean(row?.t)
}

async function backups(db: Kysely<Database>): Promise<ComplianceFacts['backups']> {
  if (!(await tableExists(db, 'operations_backup_run'))) return null
  const row = (
    await sql<{ backup: Date | null; test: Date | null; failure: Date | null }>`select
      max(finished_at) filter (where kind = 'backup' and outcome = 'success') as backup,
      max(finished_at) filter (where kind = 'restore-test' and outcome = 'success') as test,
      max(finished_at) filter (where outcome = 'failure') as failure
      from operations_backup_run`.execute(db)
  ).rows[0]
  const date = (v: Date | string | null | undefined) => (v ? new Date(v) : null)
  return {
    lastBackupAt: date(row?.backup),
    lastRestoreTestAt: date(row?.test),
    lastFailureAt: date(row?.failure),
  }
}

async function retention(db: Kysely<Database>, adultYears: number): Promise<ComplianceFacts['retention']> {
  if (!(await tableExists(db, 'retention_review'))) return null
  const row = (
    await sql<{ flagged: string; erased: string }>`select
      count(*) filter (where state = 'flagged')::text as flagged,
      count(*) filter (where state = 'erased')::text as erased from retention_review`.execute(db)
  ).rows[0]
  return { flagged: Number(row?.flagged ?? 0), erased: Number(row?.erased ?? 0), adultYears }
}

async function consults(db: Kysely<Database>): Promise<ComplianceFacts['consults']> {
  // The Encounter of an appointment's consultation names it in `appointment` (consult-notes/).
  const row = (
    await sql<{ calls: string; linked: string }>`select count(*)::text as calls,
      count(*) filter (where exists (select 1 from fhir_resource r where r.resource_type = 'Encounter'
        and not r.deleted and r.content -> 'appointment' @> jsonb_build_array(
          jsonb_build_object('reference', 'Appointment/' || c.appointment_id))))::text as linked
      from (select distinct appointment_id from consult_call) c`.execute(db)
  ).rows[0]!
  return { withCall: Number(row.calls), linkedToEncounter: Number(row.linked) }
}

export async function gatherFacts(src: FactSources): Promise<ComplianceFacts> {
  const { db, config, now } = src
  const since = new Date(now.getTime() - 30 * 24 * 3600 * 1000)
  const uploads = await db
    .selectFrom('document')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow()
  const key = await db
    .selectFrom('vault_master_key')
    .select(['version', 'created_at'])
    .where('state', '=', 'active')
    .orderBy('version', 'desc')
    .executeTakeFirst()
  const lastSeal = await db
    .selectFrom('audit_checkpoint')
    .select('sealed_at')
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return {
    now,
    mfa: {
      clinicians: await enrolment(db, STAFF_CLINICAL),
      patients: await enrolment(db, ['patient']),
      otherStaff: await enrolment(db, NON_PATIENT_STAFF),
    },
    consults: await consults(db),
    uploads: { last30Days: Number(uploads.n), scanner: config.clamd ? 'clamd' : 'none' },
    audit: { report: await src.verifyAudit(), lastSealedAt: lastSeal?.sealed_at ?? null },
    tls: {
      publicUrl: config.publicUrl ?? null,
      certificate: Boolean(config.tlsCertFile && config.tlsKeyFile),
      selfSigned: config.tlsSelfSigned,
    },
    sessions: {
      idleStaffMinutes: config.sessionIdleStaffMinutes,
      idlePatientMinutes: config.sessionIdlePatientMinutes,
      absoluteHours: config.sessionAbsoluteHours,
    },
    masterKey: key ? { version: key.version, createdAt: key.created_at } : null,
    backups: await backups(db),
    retention: await retention(db, config.retentionAdultYears),
    processors: await src.processors(),
    destinations: configuredDestinations(config),
  }
}
