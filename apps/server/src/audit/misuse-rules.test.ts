// Each misuse rule at its threshold: fires one step over it, stays quiet at it (S23).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { MisuseRule } from '@tessera/contracts'
import { detect } from './misuse-detect.ts'
import { MINUTE_MS, MISUSE_RULES, THRESHOLDS, type RuleContext, type ScanEvent } from './misuse-rules.ts'
import { clinicZone } from './misuse-zone.ts'

const ACTOR = '00000000-0000-4000-8000-0000000000aa'
const T0 = Date.parse('2026-03-03T10:00:00Z') // a Tuesday morning in London (GMT)
let seq = 0

function ev(over: Partial<ScanEvent> = {}): ScanEvent {
  seq++
  return {
    id: String(seq),
    at: T0,
    actorId: ACTOR,
    actorRole: 'clinician',
    action: 'patient.read',
    outcome: 'success',
    patientId: patient(seq),
    purpose: 'care-team',
    rowCount: null,
    ...over,
  }
}

function patient(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
}

function context(over: Partial<RuleContext> = {}): RuleContext {
  return {
    zone: clinicZone('Europe/London'),
    hadRelationship: () => false,
    baselineMedian: () => 0,
    ...over,
  }
}

/** Whether `rule` raises anything over these events (all judged: `from` is the first). */
function fires(rule: MisuseRule, events: ScanEvent[], ctx = context()): boolean {
  const definition = MISUSE_RULES.find((r) => r.id === rule)!
  const sorted = [...events].sort((a, b) => a.at - b.at)
  return detect(definition, ACTOR, sorted, ctx, sorted[0]?.at ?? 0).length > 0
}

/** `n` events, `gapMs` apart, from `start`. */
function series(n: number, gapMs: number, over: Partial<ScanEvent> = {}, start = T0): ScanEvent[] {
  return Array.from({ length: n }, (_, i) => ev({ at: start + i * gapMs, ...over }))
}

test('every rule has a distinct id and the thresholds are the documented ones', () => {
  assert.equal(new Set(MISUSE_RULES.map((r) => r.id)).size, MISUSE_RULES.length)
  assert.equal(MISUSE_RULES.length, 7)
  assert.equal(THRESHOLDS.volume.floor, 20)
  assert.equal(THRESHOLDS.volume.multiple, 5)
  assert.equal(THRESHOLDS.offHours.maxPatients, 10)
  assert.equal(THRESHOLDS.mfaFailures.failures, 5)
  assert.equal(THRESHOLDS.signInFailures.failures, 20)
  assert.equal(THRESHOLDS.massExport.maxRows, 1000)
  assert.equal(THRESHOLDS.massExport.maxExports, 3)
  assert.equal(THRESHOLDS.denialStorm.denials, 20)
})

test('no care relationship: clinicians need care-team or break-glass', () => {
  const rule = 'no-care-relationship'
  assert.equal(fires(rule, [ev({ purpose: 'care-team' })]), false)
  assert.equal(fires(rule, [ev({ purpose: 'break-glass' })]), false)
  assert.equal(fires(rule, [ev({ purpose: 'scheduling' })]), true, 'a purpose that is not care')
  // Search results carry no purpose: the relationship at the time decides.
  const listed = ev({ action: 'patient.search', purpose: null })
  assert.equal(fires(rule, [listed], context({ hadRelationship: () => true })), false)
  assert.equal(fires(rule, [listed], context({ hadRelationship: () => false })), true)
  assert.equal(
    fires(rule, [ev({ action: 'fhir.observation-read', purpose: null })]),
    true,
    'future fhir.* reads',
  )
  // A refused read by a clinician is the denial-storm rule's business, not this one's.
  assert.equal(fires(rule, [ev({ outcome: 'denied', purpose: null })]), false)
  assert.equal(fires(rule, [ev({ action: 'care-team.assign', purpose: null })]), false, 'not a read')
})

test('no care relationship: admin and privacy officer never read patient data, even trying is flagged', () => {
  const rule = 'no-care-relationship'
  for (const role of ['admin', 'privacy-officer']) {
    assert.equal(fires(rule, [ev({ actorRole: role, outcome: 'denied', purpose: null })]), true, role)
    assert.equal(fires(rule, [ev({ actorRole: role, purpose: null })]), true, role)
    assert.equal(fires(rule, [ev({ actorRole: role, action: 'admin.users-read', patientId: null })]), false)
  }
  assert.equal(fires(rule, [ev({ actorRole: 'pharmacist', purpose: null, outcome: 'denied' })]), true)
  assert.equal(fires(rule, [ev({ actorRole: 'pharmacist', purpose: 'dispensing' })]), false)
  assert.equal(fires(rule, [ev({ actorRole: 'reception', purpose: 'scheduling' })]), false)
  assert.equal(fires(rule, [ev({ actorRole: 'reception', action: 'patient.search', purpose: null })]), false)
  assert.equal(fires(rule, [ev({ actorRole: 'patient', patientId: ACTOR, purpose: 'self' })]), false)
})

test('volume: more than 20 patients in an hour without history, more than 5x the median with it', () => {
  const rule = 'volume-above-baseline'
  const hour = 60 * MINUTE_MS
  assert.equal(fires(rule, series(20, MINUTE_MS)), false, '20 is the floor')
  assert.equal(fires(rule, series(21, MINUTE_MS)), true)
  assert.equal(fires(rule, series(21, hour / 20)), false, '21 spread over exactly an hour')
  assert.equal(fires(rule, series(21, MINUTE_MS, { patientId: patient(1) })), false, 'one patient, 21 times')
  assert.equal(fires(rule, series(40, 10_000, { action: 'patient.search' })), false, 'listings are not opens')
  assert.equal(fires(rule, series(25, MINUTE_MS, { action: 'audit.read' })), false, 'oversight of the trail')
  const busy = context({ baselineMedian: () => 6 })
  assert.equal(fires(rule, series(30, MINUTE_MS), busy), false, '5 x 6 = 30 is this actor’s limit')
  assert.equal(fires(rule, series(31, MINUTE_MS), busy), true)
  assert.equal(fires(rule, series(21, MINUTE_MS, { outcome: 'denied' })), false, 'refusals touch nothing')
})

test('off-hours: more than 10 patients between 22:00 and 06:00 clinic time', () => {
  const rule = 'off-hours-bulk'
  const late = Date.parse('2026-03-03T23:00:00Z')
  assert.equal(fires(rule, series(10, MINUTE_MS, {}, late)), false)
  assert.equal(fires(rule, series(11, MINUTE_MS, {}, late)), true)
  assert.equal(
    fires(rule, series(11, MINUTE_MS, {}, Date.parse('2026-03-03T21:40:00Z'))),
    false,
    'before 22:00',
  )
  const split = [
    ...series(6, MINUTE_MS, {}, Date.parse('2026-03-03T22:30:00Z')),
    ...series(5, MINUTE_MS, {}, Date.parse('2026-03-04T05:30:00Z')),
  ]
  assert.equal(fires(rule, split), true, 'one night, both sides of midnight')
  const twoNights = [
    ...series(6, MINUTE_MS, {}, Date.parse('2026-03-03T22:30:00Z')),
    ...series(5, MINUTE_MS, {}, Date.parse('2026-03-04T06:00:00Z')),
  ]
  assert.equal(fires(rule, twoNights), false, '06:00 is working hours again')
  // The clinic's zone decides: 23:00 UTC is 18:00 in New York.
  const newYork = context({ zone: clinicZone('America/New_York') })
  assert.equal(fires(rule, series(11, MINUTE_MS, {}, late), newYork), false)
  assert.equal(fires(rule, series(11, MINUTE_MS, {}, Date.parse('2026-03-04T04:00:00Z')), newYork), true)
})

test('repeated MFA failures: 5 within 15 minutes', () => {
  const rule = 'mfa-failures'
  const failed = { action: 'auth.mfa-verify', outcome: 'failure' as const, patientId: null, purpose: null }
  assert.equal(fires(rule, series(4, MINUTE_MS, failed)), false)
  assert.equal(fires(rule, series(5, MINUTE_MS, failed)), true)
  assert.equal(fires(rule, series(5, 3.5 * MINUTE_MS, failed)), true, '14 minutes')
  assert.equal(fires(rule, series(5, 3.75 * MINUTE_MS, failed)), false, 'exactly 15 minutes apart')
  const recovery = { ...failed, action: 'auth.recovery-code-use', outcome: 'denied' as const }
  assert.equal(fires(rule, [...series(3, MINUTE_MS, failed), ...series(2, MINUTE_MS, recovery)]), true)
  assert.equal(fires(rule, series(5, MINUTE_MS, { ...failed, outcome: 'success' })), false)
})

test('many failed sign-ins: 20 within 15 minutes', () => {
  const rule = 'sign-in-failures'
  const failed = { action: 'auth.sign-in', outcome: 'denied' as const, patientId: null, purpose: null }
  assert.equal(fires(rule, series(19, 30_000, failed)), false)
  assert.equal(fires(rule, series(20, 30_000, failed)), true)
  assert.equal(fires(rule, series(20, MINUTE_MS, failed)), false, '20 over 19 minutes')
})

test('mass export: more than 1,000 rows at once, or more than 3 exports in an hour', () => {
  const rule = 'mass-export'
  const exported = { action: 'audit.export', patientId: null, purpose: null, actorRole: 'privacy-officer' }
  assert.equal(fires(rule, series(3, 10 * MINUTE_MS, exported)), false)
  assert.equal(fires(rule, series(4, 10 * MINUTE_MS, exported)), true)
  assert.equal(fires(rule, series(4, 20 * MINUTE_MS, exported)), false, '4 over an hour')
  assert.equal(fires(rule, [ev({ ...exported, rowCount: 1000 })]), false)
  assert.equal(fires(rule, [ev({ ...exported, rowCount: 1001 })]), true)
  assert.equal(
    fires(rule, [ev({ ...exported, action: 'fhir.bulk-export', rowCount: 5000 })]),
    true,
    'any *.export',
  )
  assert.equal(fires(rule, series(4, MINUTE_MS, { ...exported, outcome: 'denied' })), false)
})

test('denial storm: 20 refused patient-data requests within 15 minutes', () => {
  const rule = 'denial-storm'
  const denied = { outcome: 'denied' as const, purpose: null }
  assert.equal(fires(rule, series(19, 30_000, denied)), false)
  assert.equal(fires(rule, series(20, 30_000, denied)), true)
  assert.equal(fires(rule, series(20, 30_000, { ...denied, action: 'fhir.read' })), true)
  assert.equal(fires(rule, series(20, 30_000, { ...denied, action: 'admin.user-update' })), false)
  assert.equal(fires(rule, series(20, MINUTE_MS, denied)), false, '20 over 19 minutes')
})

test('the clinic zone finds nights across daylight-saving changes', () => {
  const london = clinicZone('Europe/London')
  // Clocks go forward at 01:00 GMT on 29 March 2026: that night is 7 hours long.
  const spring = london.nightOf(Date.parse('2026-03-29T00:30:00Z'))
  assert.deepEqual(spring, {
    start: Date.parse('2026-03-28T22:00:00Z'),
    end: Date.parse('2026-03-29T05:00:00Z'),
  })
  // And back at 01:00 GMT on 25 October 2026: 9 hours.
  const autumn = london.nightOf(Date.parse('2026-10-25T03:00:00Z'))
  assert.deepEqual(autumn, {
    start: Date.parse('2026-10-24T21:00:00Z'),
    end: Date.parse('2026-10-25T06:00:00Z'),
  })
  assert.equal(london.nightOf(Date.parse('2026-07-01T12:00:00Z')), null)
  assert.equal(london.hourOf(Date.parse('2026-07-01T21:30:00Z')), 22)
  assert.throws(() => clinicZone('Not/AZone'), RangeError)
})
