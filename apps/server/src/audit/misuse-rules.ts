// The misuse rules (AUDIT.md "Views", SECURITY.md S23), as data: which audit events each rule
// looks at, over what window, and when that window is worth a privacy officer's attention.
// Pure functions only; misuse-detect.ts runs them and misuse-scanner.ts feeds them events.
import type { MisuseRule } from '@tessera/contracts'
import type { AuditOutcome } from './audit-tables.ts'
import type { ClinicZone } from './misuse-zone.ts'

export const MINUTE_MS = 60_000
export const HOUR_MS = 60 * MINUTE_MS

/** The numbers each rule uses; tests read them from here. */
export const THRESHOLDS = {
  noCareRelationship: { windowMs: 15 * MINUTE_MS },
  /** Patients touched in an hour above max(floor, multiple x the actor's 30-day hourly median). */
  volume: { windowMs: HOUR_MS, floor: 20, multiple: 5, baselineDays: 30 },
  /** More than `maxPatients` distinct patients touched in one night, local time. */
  offHours: { startHour: 22, endHour: 6, maxPatients: 10 },
  mfaFailures: { windowMs: 15 * MINUTE_MS, failures: 5 },
  signInFailures: { windowMs: 15 * MINUTE_MS, failures: 20 },
  /** One export of more than `maxRows` rows, or more than `maxExports` exports in the window. */
  massExport: { windowMs: HOUR_MS, maxRows: 1000, maxExports: 3 },
  denialStorm: { windowMs: 15 * MINUTE_MS, denials: 20 },
} as const

/** One audit event as the rules see it (misuse-scanner.ts reads it from audit_event). */
export interface ScanEvent {
  id: string
  /** recorded_at, epoch ms. */
  at: number
  actorId: string
  actorRole: string | null
  action: string
  outcome: AuditOutcome
  patientId: string | null
  /** agent.purposeOfUse: care-team, break-glass, scheduling, self; null when the route set none. */
  purpose: string | null
  /** Rows written, for exports that record it (extension urn:tessera:row-count). */
  rowCount: number | null
}

export interface RuleContext {
  zone: ClinicZone
  /** Whether this clinician had a care relationship or a break-glass grant with the patient at `at`. */
  hadRelationship(actorId: string, patientId: string, at: number): boolean
  /** The actor's median patients per active hour over the 30 days before the UTC day of `at`. */
  baselineMedian(actorId: string, at: number): number
}

interface RuleBase {
  id: MisuseRule
  /** Whether an event counts for this rule. */
  qualifies(event: ScanEvent, ctx: RuleContext): boolean
  /** Given the qualifying events of one actor in one window, whether to raise an alert. */
  fires(window: readonly ScanEvent[], actorId: string, ctx: RuleContext): boolean
}
/** A window of `windowMs` ending at each qualifying event. */
export interface SlidingRule extends RuleBase {
  kind: 'sliding'
  windowMs: number
}
/** One window per night in the clinic's time zone. */
export interface NightRule extends RuleBase {
  kind: 'night'
}
export type MisuseRuleDefinition = SlidingRule | NightRule

// ---- what counts as what

const PATIENT_DATA = /^(patient|fhir)\./
// A read verb anywhere in the last segment: `read`, `vread`, `observation-read`, `bulk-export`.
const READ_VERB = /(^|-)(read|vread|search|list|view|history|download|export)($|-)/
const LISTING = /\.(search|list)$/
const OVERSIGHT = /^audit\./

function verbOf(action: string): string {
  return action.split('.').at(-1) ?? ''
}

/** Actions on patient data: `patient.*` and `fhir.*`. */
export function isPatientDataAction(action: string): boolean {
  return PATIENT_DATA.test(action)
}

export function isPatientDataRead(action: string): boolean {
  return isPatientDataAction(action) && READ_VERB.test(verbOf(action))
}

/**
 * A patient's record opened or changed by someone else. Listings (search results: one event per
 * patient in the list) are left out: a clinician listing their own care team, or reception
 * looking up a name, touches many patients at once by design. So is oversight of the audit
 * trail itself (`audit.*`: the privacy officer's work), which the export rule watches instead.
 */
export function isRecordTouch(e: ScanEvent): boolean {
  return (
    e.outcome === 'success' &&
    e.patientId !== null &&
    e.patientId !== e.actorId &&
    !LISTING.test(e.action) &&
    !OVERSIGHT.test(e.action)
  )
}

function isFailure(e: ScanEvent): boolean {
  return e.outcome !== 'success'
}

/**
 * Why each role may read patient data. `purposes`: stated purposes that are fine. `unstated`:
 * what a successful read with no stated purpose means (search results carry none). `attempts`:
 * whether even a refused attempt is flagged (roles that should never read patient data here).
 */
interface ReadPolicy {
  purposes: readonly string[]
  unstated: 'check-relationship' | 'allow' | 'own-record' | 'flag'
  attempts: boolean
}
const NEVER: ReadPolicy = { purposes: [], unstated: 'flag', attempts: true }
export const READ_POLICY: Readonly<Record<string, ReadPolicy>> = {
  clinician: { purposes: ['care-team', 'break-glass'], unstated: 'check-relationship', attempts: false },
  reception: { purposes: ['scheduling'], unstated: 'allow', attempts: false },
  patient: { purposes: ['self'], unstated: 'own-record', attempts: false },
  // Pharmacists read prescriptions routed to their pharmacy (purpose 'dispensing'), nothing else.
  pharmacist: { purposes: ['dispensing'], unstated: 'flag', attempts: true },
  admin: NEVER,
  'privacy-officer': NEVER,
}

/** A read of patient data the actor had no care relationship or role to make. */
export function isReadWithoutRelationship(e: ScanEvent, ctx: RuleContext): boolean {
  if (!isPatientDataRead(e.action)) return false
  const policy = READ_POLICY[e.actorRole ?? ''] ?? NEVER
  if (e.outcome !== 'success') return policy.attempts
  if (e.purpose !== null) return !policy.purposes.includes(e.purpose)
  switch (policy.unstated) {
    case 'allow':
      return false
    case 'own-record':
      return e.patientId !== null && e.patientId !== e.actorId
    case 'check-relationship':
      return e.patientId !== null && !ctx.hadRelationship(e.actorId, e.patientId, e.at)
    case 'flag':
      return true
  }
}

export function distinctPatients(events: readonly ScanEvent[]): number {
  return new Set(events.flatMap((e) => (e.patientId ? [e.patientId] : []))).size
}

/** The hourly limit for this actor: max(floor, multiple x their baseline median). */
export function volumeLimit(median: number): number {
  return Math.max(THRESHOLDS.volume.floor, THRESHOLDS.volume.multiple * median)
}

// ---- the rules

export const MISUSE_RULES: readonly MisuseRuleDefinition[] = [
  {
    id: 'no-care-relationship',
    kind: 'sliding',
    windowMs: THRESHOLDS.noCareRelationship.windowMs,
    qualifies: isReadWithoutRelationship,
    fires: (window) => window.length >= 1,
  },
  {
    id: 'volume-above-baseline',
    kind: 'sliding',
    windowMs: THRESHOLDS.volume.windowMs,
    qualifies: isRecordTouch,
    fires: (window, actorId, ctx) => {
      const last = window.at(-1)
      return (
        last !== undefined && distinctPatients(window) > volumeLimit(ctx.baselineMedian(actorId, last.at))
      )
    },
  },
  {
    id: 'off-hours-bulk',
    kind: 'night',
    qualifies: (e, ctx) => isRecordTouch(e) && ctx.zone.nightOf(e.at) !== null,
    fires: (window) => distinctPatients(window) > THRESHOLDS.offHours.maxPatients,
  },
  {
    id: 'mfa-failures',
    kind: 'sliding',
    windowMs: THRESHOLDS.mfaFailures.windowMs,
    qualifies: (e) =>
      (e.action === 'auth.mfa-verify' || e.action === 'auth.recovery-code-use') && isFailure(e),
    fires: (window) => window.length >= THRESHOLDS.mfaFailures.failures,
  },
  {
    id: 'sign-in-failures',
    kind: 'sliding',
    windowMs: THRESHOLDS.signInFailures.windowMs,
    qualifies: (e) => e.action === 'auth.sign-in' && isFailure(e),
    fires: (window) => window.length >= THRESHOLDS.signInFailures.failures,
  },
  {
    id: 'mass-export',
    kind: 'sliding',
    windowMs: THRESHOLDS.massExport.windowMs,
    qualifies: (e) => /(^|-)export$/.test(verbOf(e.action)) && e.outcome === 'success',
    fires: (window) =>
      window.length > THRESHOLDS.massExport.maxExports ||
      window.some((e) => (e.rowCount ?? 0) > THRESHOLDS.massExport.maxRows),
  },
  {
    id: 'denial-storm',
    kind: 'sliding',
    windowMs: THRESHOLDS.denialStorm.windowMs,
    qualifies: (e) => isPatientDataAction(e.action) && e.outcome === 'denied',
    fires: (window) => window.length >= THRESHOLDS.denialStorm.denials,
  },
]

/** How far before the first new event a scan must read: the longest window (a night, with DST). */
export const LOOKBACK_MS = 10 * HOUR_MS
