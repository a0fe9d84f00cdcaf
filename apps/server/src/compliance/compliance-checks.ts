// The compliance centre's checks (JOURNEYS.md "Compliance centre", issue 12): pure functions of the
// gathered facts, so each can be made to pass and fail with a fixture. Evidence is figures and
// settings only: never a name, an address or anything from a record.
import type { ComplianceCheck, ComplianceStatus } from '@tessera/contracts'
import type { ComplianceFacts, Enrolment } from './compliance-facts.ts'
import { hostAllowed, hostOf, isLoopback } from './egress-hosts.ts'

type Check = (facts: ComplianceFacts) => ComplianceCheck
const DAY_MS = 24 * 3600 * 1000

function result(
  id: string,
  title: string,
  status: ComplianceStatus,
  evidence: string,
  action = '',
): ComplianceCheck {
  return { id, title, status, evidence, action: status === 'pass' ? '' : action }
}

const percent = (e: Enrolment) => (e.active === 0 ? 100 : Math.floor((e.enrolled / e.active) * 100))
const figure = (label: string, e: Enrolment) =>
  `${label}: ${e.enrolled} of ${e.active} enrolled (${percent(e)}%)`
const day = (d: Date) => d.toISOString().slice(0, 10)
const ageDays = (facts: ComplianceFacts, d: Date) => Math.floor((facts.now.getTime() - d.getTime()) / DAY_MS)

export const mfaCheck: Check = ({ mfa }) => {
  const all = [mfa.clinicians, mfa.patients, mfa.otherStaff]
  const missing = all.reduce((n, e) => n + (e.active - e.enrolled), 0)
  const evidence =
    'Required for every account: without a second factor a session can only enrol one, never reach patient data. ' +
    [
      figure('Clinicians', mfa.clinicians),
      figure('Patients', mfa.patients),
      figure('Other staff', mfa.otherStaff),
    ].join('; ') +
    '.'
  return result(
    'mfa',
    'Is MFA required for both clinicians and patients?',
    missing === 0 ? 'pass' : 'warn',
    evidence,
    `${missing} active account(s) have not enrolled a second factor yet; they are asked to at their next sign-in. Disable accounts that are no longer used.`,
  )
}

export const consultsCheck: Check = ({ consults }) => {
  const unlinked = consults.withCall - consults.linkedToEncounter
  return result(
    'consults-linked',
    'Is the video call integrated into the record?',
    unlinked === 0 ? 'pass' : 'warn',
    `${consults.linkedToEncounter} of ${consults.withCall} video consultations held have an Encounter in the patient's record (notes written beside the call are saved to it).`,
    `${unlinked} consultation(s) have no Encounter: the clinician never opened the notes. Ask them to record the consultation.`,
  )
}

export const uploadsCheck: Check = ({ uploads }) =>
  result(
    'direct-uploads',
    'Can patients upload documents directly, without email?',
    uploads.scanner === 'clamd' ? 'pass' : 'warn',
    `The document vault is on: ${uploads.last30Days} upload(s) in the last 30 days, encrypted under each patient's key. Virus scanning: ${uploads.scanner === 'clamd' ? 'clamd scans every upload' : 'not configured (documents are marked "not scanned")'}.`,
    'Set TESSERA_CLAMD to a ClamAV clamd so every upload is scanned.',
  )

export const auditCheck: Check = ({ audit, now }) => {
  const r = audit.report
  const sealed = audit.lastSealedAt ? `last sealed ${audit.lastSealedAt.toISOString()}` : 'nothing sealed yet'
  const evidence = r.ok
    ? `Chain verified at ${now.toISOString()}: ${r.events} events in ${r.checkpoints} signed checkpoints${r.anchorEntries === null ? '' : `, ${r.anchorEntries} anchored`}; ${sealed}; ${r.unsealed} event(s) not sealed yet.`
    : `Verification FAILED at ${now.toISOString()}: ${r.problems.length} problem(s)${r.firstBadEventId ? `, first bad event ${r.firstBadEventId}` : ''}.`
  const status: ComplianceStatus = !r.ok ? 'fail' : r.unsealed > 1000 ? 'warn' : 'pass'
  return result(
    'audit-chain',
    'Is there a clear audit trail of who accessed which record and when?',
    status,
    evidence,
    r.ok
      ? 'Many events are waiting to be sealed: check that the server runs its job queue.'
      : 'The audit trail was changed outside Tessera. Treat it as an incident: run `tessera audit verify` and compare with the anchor copy.',
  )
}

export const aiCheck: Check = () =>
  result(
    'ai-features',
    'Is any AI feature present, and where does its data go?',
    'pass',
    'None. Tessera has no AI features and calls no AI service: no patient data leaves the clinic for one. Outbound connections go only to the registered processors below (egress allowlist).',
  )

export const tlsCheck: Check = ({ tls }) => {
  const https = tls.publicUrl?.startsWith('https://') ?? false
  // Plain http on this machine only is a development setup: no one else can reach it.
  const local = !https && tls.publicUrl !== null && isLoopback(hostOf(tls.publicUrl) ?? '')
  const status: ComplianceStatus =
    tls.certificate || https ? 'pass' : tls.selfSigned || local ? 'warn' : 'fail'
  const how = tls.certificate
    ? 'Tessera serves HTTPS with the configured certificate'
    : https
      ? `the public address ${tls.publicUrl} is HTTPS (TLS ends at the reverse proxy)`
      : tls.selfSigned
        ? 'HTTPS with a self-signed certificate (browsers warn; for trying it on a LAN)'
        : `no TLS: the public address is ${tls.publicUrl ?? 'not set'}`
  return result(
    'tls',
    'Is every connection encrypted (TLS and HSTS)?',
    status,
    `${how}; every response carries Strict-Transport-Security.`,
    'Set TESSERA_PUBLIC_URL to the https address behind a TLS proxy, or TESSERA_TLS_CERT and TESSERA_TLS_KEY.',
  )
}

export const sessionsCheck: Check = ({ sessions: s }) => {
  const ok = s.idleStaffMinutes <= 30 && s.idlePatientMinutes <= 60 && s.absoluteHours <= 12
  return result(
    'session-timeouts',
    'Do idle sessions end?',
    ok ? 'pass' : 'warn',
    `Staff are signed out after ${s.idleStaffMinutes} minutes idle, patients after ${s.idlePatientMinutes}; every session ends ${s.absoluteHours} hours after sign-in.`,
    'Keep staff idle time at 30 minutes or less, patients at 60 or less, and sessions at 12 hours or less.',
  )
}

export const masterKeyCheck: Check = (facts) => {
  const key = facts.masterKey
  if (!key)
    return result(
      'master-key-age',
      'How old is the master key?',
      'warn',
      'No master key version yet (no patient key made).',
      'Nothing to do until patients are registered.',
    )
  const age = ageDays(facts, key.createdAt)
  return result(
    'master-key-age',
    'How old is the master key?',
    age <= 365 ? 'pass' : 'warn',
    `Master key version ${key.version}, made ${day(key.createdAt)} (${age} days ago).`,
    'Rotate it: `tessera keys rotate --retire` re-wraps every patient key under a new version.',
  )
}

export const backupsCheck: Check = (facts) => {
  const b = facts.backups
  if (!b)
    return result(
      'backups',
      'Are there backups, and has a restore been tested?',
      'warn',
      'Backups are not configured.',
      'Set up `tessera backup` and test a restore.',
    )
  const last = b.lastBackupAt ? `last backup ${b.lastBackupAt.toISOString()}` : 'no backup yet'
  const test = b.lastRestoreTestAt
    ? `last successful restore test ${b.lastRestoreTestAt.toISOString()}`
    : 'no restore test yet'
  const fresh = b.lastBackupAt !== null && ageDays(facts, b.lastBackupAt) <= 1
  const tested = b.lastRestoreTestAt !== null && ageDays(facts, b.lastRestoreTestAt) <= 90
  return result(
    'backups',
    'Are there backups, and has a restore been tested?',
    fresh && tested ? 'pass' : b.lastBackupAt ? 'warn' : 'fail',
    `${last}; ${test}.`,
    'Back up at least daily (`tessera backup --out FILE`) and test a restore every 90 days.',
  )
}

export const retentionCheck: Check = ({ retention }) =>
  retention
    ? result(
        'retention',
        'Are records kept as long as required, and no longer?',
        retention.flagged === 0 && retention.adultYears >= 8 ? 'pass' : 'warn',
        `Adult records are kept ${retention.adultYears} years after the last contact (the NHS Records Management Code asks for at least 8), children's until the 25th birthday (26th if 17 at the last contact); ${retention.flagged} waiting for the privacy officer's review, ${retention.erased} erased after review.`,
        retention.adultYears < 8
          ? 'Set TESSERA_RETENTION_ADULT_YEARS to at least 8, then review the records past retention.'
          : 'Review the records past retention and approve or keep them.',
      )
    : result(
        'retention',
        'Are records kept as long as required, and no longer?',
        'warn',
        'Retention is not configured.',
        'Set up the retention job.',
      )

export const processorsCheck: Check = ({ processors, now }) => {
  const today = day(now)
  const lacking = processors.filter(
    (p) => !p.agreementSigned || (p.agreementExpiresOn !== undefined && p.agreementExpiresOn < today),
  )
  return result(
    'processor-agreements',
    'Does every processor have a current DPA/BAA?',
    lacking.length === 0 ? 'pass' : 'fail',
    processors.length === 0
      ? 'No processors are registered.'
      : `${processors.length - lacking.length} of ${processors.length} processors have a signed, current agreement${lacking.length ? `; without one: ${lacking.map((p) => p.name).join(', ')}` : ''}.`,
    'Sign (or renew) a data processing agreement with each, or stop using it.',
  )
}

export const egressCheck: Check = ({ destinations, processors }) => {
  const hosts = processors.flatMap((p) => p.hosts)
  const unmapped = destinations.filter((d) => !d.loopback && !hostAllowed(d.host, hosts))
  const listed = destinations
    .map((d) => `${d.kind} ${d.host}${d.loopback ? ' (this machine)' : ''}`)
    .join(', ')
  return result(
    'egress',
    'Does every outbound destination map to a registered processor?',
    unmapped.length === 0 ? 'pass' : 'fail',
    destinations.length === 0
      ? 'The configuration uses no outside services: nothing leaves this server.'
      : `Configured destinations: ${listed}. ${unmapped.length === 0 ? 'Each is a registered processor; the server connects to no other host.' : `Not in the processors register (connections to them are blocked): ${unmapped.map((d) => `${d.host} (${d.setting})`).join(', ')}.`}`,
    'Register each outside service as a processor with its hosts, or remove it from the configuration.',
  )
}

export const CHECKS: readonly Check[] = [
  mfaCheck,
  consultsCheck,
  uploadsCheck,
  auditCheck,
  aiCheck,
  tlsCheck,
  sessionsCheck,
  masterKeyCheck,
  backupsCheck,
  retentionCheck,
  processorsCheck,
  egressCheck,
]

export function runChecks(facts: ComplianceFacts): ComplianceCheck[] {
  return CHECKS.map((check) => check(facts))
}
