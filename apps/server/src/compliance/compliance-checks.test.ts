// Each check made to pass and to fail (or warn) from a fixture of facts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ComplianceFacts } from './compliance-facts.ts'
import {
  aiCheck,
  auditCheck,
  backupsCheck,
  consultsCheck,
  egressCheck,
  masterKeyCheck,
  mfaCheck,
  processorsCheck,
  retentionCheck,
  runChecks,
  sessionsCheck,
  tlsCheck,
  uploadsCheck,
} from './compliance-checks.ts'

const NOW = new Date('2025-06-01T12:00:00Z')
const days = (n: number) => new Date(NOW.getTime() - n * 24 * 3600 * 1000)

function good(): ComplianceFacts {
  return {
    now: NOW,
    mfa: {
      clinicians: { active: 2, enrolled: 2 },
      patients: { active: 3, enrolled: 3 },
      otherStaff: { active: 4, enrolled: 4 },
    },
    consults: { withCall: 5, linkedToEncounter: 5 },
    uploads: { last30Days: 7, scanner: 'clamd' },
    audit: {
      report: {
        ok: true,
        events: 120,
        checkpoints: 3,
        unsealed: 2,
        anchorEntries: 3,
        firstBadEventId: null,
        problems: [],
      },
      lastSealedAt: days(0),
    },
    tls: { publicUrl: 'https://clinic.example.org', certificate: false, selfSigned: false },
    sessions: { idleStaffMinutes: 15, idlePatientMinutes: 30, absoluteHours: 12 },
    masterKey: { version: 2, createdAt: days(40) },
    backups: { lastBackupAt: days(0), lastRestoreTestAt: days(10), lastFailureAt: null },
    retention: { flagged: 0, erased: 1, adultYears: 8 },
    processors: [
      {
        id: 'p1',
        name: 'Mail relay Ltd',
        purpose: 'email',
        dataCategories: ['email addresses'],
        region: 'UK',
        agreementSigned: true,
        agreementExpiresOn: '2026-01-01',
        hosts: ['smtp.relay.example', '*.turn.example'],
        updatedAt: NOW.toISOString(),
      },
    ],
    destinations: [
      { kind: 'SMTP relay', host: 'smtp.relay.example', setting: 'SMTP_HOST', loopback: false },
      { kind: 'TURN relay', host: 'eu.turn.example', setting: 'TESSERA_TURN_URLS', loopback: false },
    ],
  }
}

test('a well-run clinic passes every check', () => {
  for (const check of runChecks(good())) {
    assert.equal(check.status, 'pass', `${check.id}: ${check.evidence}`)
    assert.equal(check.action, '')
  }
})

test('mfa: figures per group; an account without a second factor warns', () => {
  const pass = mfaCheck(good())
  assert.match(pass.evidence, /Clinicians: 2 of 2 enrolled \(100%\); Patients: 3 of 3/)
  const facts = good()
  facts.mfa.patients = { active: 4, enrolled: 3 }
  const warn = mfaCheck(facts)
  assert.equal(warn.status, 'warn')
  assert.match(warn.evidence, /Patients: 3 of 4 enrolled \(75%\)/)
  assert.match(warn.action, /1 active account/)
})

test('consults: an appointment with a call but no Encounter warns', () => {
  const facts = good()
  facts.consults = { withCall: 5, linkedToEncounter: 4 }
  assert.equal(consultsCheck(facts).status, 'warn')
  assert.match(consultsCheck(facts).evidence, /4 of 5/)
})

test('uploads: without a virus scanner it warns', () => {
  const facts = good()
  facts.uploads.scanner = 'none'
  assert.equal(uploadsCheck(good()).status, 'pass')
  assert.equal(uploadsCheck(facts).status, 'warn')
  assert.match(uploadsCheck(facts).evidence, /7 upload\(s\) in the last 30 days/)
})

test('audit: a failed verification fails, naming the first bad event; a large backlog warns', () => {
  assert.match(auditCheck(good()).evidence, /Chain verified at 2025-06-01T12:00:00.000Z: 120 events/)
  const broken = good()
  broken.audit.report = {
    ...broken.audit.report,
    ok: false,
    firstBadEventId: '42',
    problems: [{ kind: 'leaf', message: 'x' }],
  }
  assert.equal(auditCheck(broken).status, 'fail')
  assert.match(auditCheck(broken).evidence, /first bad event 42/)
  const backlog = good()
  backlog.audit.report = { ...backlog.audit.report, unsealed: 5000 }
  assert.equal(auditCheck(backlog).status, 'warn')
})

test('ai: says plainly there is none', () => {
  assert.match(aiCheck(good()).evidence, /^None\. .*no patient data leaves/)
})

test('tls: https public address or a certificate passes; self-signed warns; plain http fails', () => {
  const cert = good()
  cert.tls = { publicUrl: null, certificate: true, selfSigned: false }
  assert.equal(tlsCheck(cert).status, 'pass')
  const selfSigned = good()
  selfSigned.tls = { publicUrl: null, certificate: false, selfSigned: true }
  assert.equal(tlsCheck(selfSigned).status, 'warn')
  const plain = good()
  plain.tls = { publicUrl: 'http://clinic.example.org', certificate: false, selfSigned: false }
  assert.equal(tlsCheck(plain).status, 'fail')
  assert.match(tlsCheck(plain).action, /TESSERA_PUBLIC_URL/)
  const local = good()
  local.tls = { publicUrl: 'http://localhost:3000', certificate: false, selfSigned: false }
  assert.equal(tlsCheck(local).status, 'warn')
})

test('sessions: long idle times warn', () => {
  const facts = good()
  facts.sessions.idleStaffMinutes = 120
  assert.equal(sessionsCheck(facts).status, 'warn')
})

test('master key: older than a year warns; none yet warns', () => {
  assert.match(masterKeyCheck(good()).evidence, /version 2, made 2025-04-22 \(40 days ago\)/)
  const old = good()
  old.masterKey = { version: 1, createdAt: days(400) }
  assert.equal(masterKeyCheck(old).status, 'warn')
  const none = good()
  none.masterKey = null
  assert.equal(masterKeyCheck(none).status, 'warn')
})

test('backups: not set up warns; no backup fails; stale restore test warns', () => {
  const missing = good()
  missing.backups = null
  assert.equal(backupsCheck(missing).status, 'warn')
  assert.match(backupsCheck(missing).evidence, /not configured/)
  const never = good()
  never.backups = { lastBackupAt: null, lastRestoreTestAt: null, lastFailureAt: null }
  assert.equal(backupsCheck(never).status, 'fail')
  const untested = good()
  untested.backups = { lastBackupAt: days(0), lastRestoreTestAt: days(200), lastFailureAt: null }
  assert.equal(backupsCheck(untested).status, 'warn')
})

test('retention: not set up warns; records waiting for review warn', () => {
  const missing = good()
  missing.retention = null
  assert.equal(retentionCheck(missing).status, 'warn')
  const waiting = good()
  waiting.retention = { flagged: 3, erased: 0, adultYears: 8 }
  assert.equal(retentionCheck(waiting).status, 'warn')
  assert.match(retentionCheck(waiting).evidence, /3 waiting/)
})

test('processors: an unsigned or expired agreement fails, naming the processor', () => {
  const unsigned = good()
  unsigned.processors[0]!.agreementSigned = false
  assert.equal(processorsCheck(unsigned).status, 'fail')
  assert.match(processorsCheck(unsigned).evidence, /without one: Mail relay Ltd/)
  const expired = good()
  expired.processors[0]!.agreementExpiresOn = '2025-05-31'
  assert.equal(processorsCheck(expired).status, 'fail')
})

test('egress: a configured destination outside the register fails; loopback ones do not', () => {
  const facts = good()
  facts.destinations.push({
    kind: 'OpenID provider',
    host: 'login.idp.example',
    setting: 'OIDC_ISSUER',
    loopback: false,
  })
  const fail = egressCheck(facts)
  assert.equal(fail.status, 'fail')
  assert.match(fail.evidence, /Not in the processors register .*login\.idp\.example \(OIDC_ISSUER\)/)
  const local = good()
  local.destinations = [
    { kind: 'virus scanner', host: '127.0.0.1', setting: 'TESSERA_CLAMD', loopback: true },
  ]
  assert.equal(egressCheck(local).status, 'pass')
  const none = good()
  none.destinations = []
  assert.match(egressCheck(none).evidence, /nothing leaves this server/)
})

test('sessions: each limit alone makes it warn, and at the limit it passes', () => {
  const atLimit = good()
  atLimit.sessions = { idleStaffMinutes: 30, idlePatientMinutes: 60, absoluteHours: 12 }
  assert.equal(sessionsCheck(atLimit).status, 'pass')
  for (const over of [{ idleStaffMinutes: 31 }, { idlePatientMinutes: 61 }, { absoluteHours: 13 }] as const) {
    const facts = good()
    facts.sessions = { ...atLimit.sessions, ...over }
    assert.equal(sessionsCheck(facts).status, 'warn', JSON.stringify(over))
  }
})

test('processors: an agreement ending today is still current, one that ended yesterday is not; an empty register passes', () => {
  const today = good()
  today.processors[0]!.agreementExpiresOn = '2025-06-01'
  assert.equal(processorsCheck(today).status, 'pass')
  const yesterday = good()
  yesterday.processors[0]!.agreementExpiresOn = '2025-05-31'
  assert.equal(processorsCheck(yesterday).status, 'fail')
  assert.match(processorsCheck(yesterday).evidence, /0 of 1 processors have a signed, current agreement/)
  const none = good()
  none.processors = []
  assert.equal(processorsCheck(none).status, 'pass')
  assert.equal(processorsCheck(none).evidence, 'No processors are registered.')
})

test('egress: a wildcard host maps names under it only; removing the processor fails the check', () => {
  const under = good()
  assert.equal(egressCheck(under).status, 'pass') // eu.turn.example under *.turn.example
  const apex = good()
  apex.destinations = [
    { kind: 'TURN relay', host: 'turn.example', setting: 'TESSERA_TURN_URLS', loopback: false },
  ]
  assert.equal(egressCheck(apex).status, 'fail')
  const removed = good()
  removed.processors = []
  assert.equal(egressCheck(removed).status, 'fail')
  assert.match(egressCheck(removed).evidence, /smtp\.relay\.example \(SMTP_HOST\), eu\.turn\.example/)
})

test('retention: a period shorter than the NHS code for adults warns and says what to set', () => {
  const short = good()
  short.retention = { flagged: 0, erased: 0, adultYears: 6 }
  assert.equal(retentionCheck(short).status, 'warn')
  assert.match(retentionCheck(short).evidence, /kept 6 years after the last contact/)
  assert.match(retentionCheck(short).action, /TESSERA_RETENTION_ADULT_YEARS to at least 8/)
  const longer = good()
  longer.retention = { flagged: 0, erased: 0, adultYears: 10 }
  assert.equal(retentionCheck(longer).status, 'pass')
})
