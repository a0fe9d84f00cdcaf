// Incidents and alert changes: a burst is one alert however the scans slice it, a rescan changes
// nothing, and activity after a reviewed alert raises a new one.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { countIn, detect, reconcile, type AlertChange, type KnownAlert } from './misuse-detect.ts'
import { MINUTE_MS, MISUSE_RULES, type RuleContext, type ScanEvent } from './misuse-rules.ts'
import { clinicZone } from './misuse-zone.ts'
import { daysOverFloor } from './misuse-scanner.ts'

const ACTOR = '00000000-0000-4000-8000-0000000000bb'
const T0 = Date.parse('2026-03-03T12:00:00Z')
const denialStorm = MISUSE_RULES.find((r) => r.id === 'denial-storm')!
const ctx: RuleContext = {
  zone: clinicZone('Europe/London'),
  hadRelationship: () => false,
  baselineMedian: () => 0,
}

function denied(n: number, start: number, gapMs = 20_000): ScanEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${start}-${i}`,
    at: start + i * gapMs,
    actorId: ACTOR,
    actorRole: 'clinician',
    action: 'patient.read',
    outcome: 'denied' as const,
    patientId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    purpose: null,
    rowCount: null,
  }))
}

/** Scans `events` in slices (each slice new to its scan), applying changes to `known`. */
function scanInSlices(events: ScanEvent[], cuts: number[], known: KnownAlert[]): AlertChange[] {
  const all: AlertChange[] = []
  let ids = known.length
  for (const cut of [...cuts, events.length]) {
    const seen = events.slice(0, cut)
    const from = events[Math.max(0, cuts.filter((c) => c < cut).at(-1) ?? 0)]?.at ?? 0
    const incidents = detect(denialStorm, ACTOR, seen, ctx, from)
    all.push(
      ...reconcile(
        incidents,
        known,
        (i) => countIn(denialStorm, seen, i.windowStart, i.windowEnd, ctx),
        () => `alert-${++ids}`,
      ),
    )
  }
  return all
}

test('one burst is one incident, however long it goes on', () => {
  const burst = denied(60, T0)
  const incidents = detect(denialStorm, ACTOR, burst, ctx, T0)
  assert.equal(incidents.length, 1)
  assert.equal(incidents[0]!.windowStart, T0)
  assert.equal(incidents[0]!.windowEnd, burst.at(-1)!.at)
  assert.deepEqual(countIn(denialStorm, burst, T0, burst.at(-1)!.at, ctx), {
    eventCount: 60,
    patientCount: 60,
  })
})

test('two bursts an hour apart are two incidents', () => {
  const events = [...denied(25, T0), ...denied(25, T0 + 90 * MINUTE_MS)]
  assert.equal(detect(denialStorm, ACTOR, events, ctx, T0).length, 2)
})

test('only windows ending at or after the first new event are judged', () => {
  const old = denied(25, T0)
  const quiet = denied(1, T0 + 3 * 60 * MINUTE_MS)
  assert.equal(detect(denialStorm, ACTOR, [...old, ...quiet], ctx, quiet[0]!.at).length, 0)
})

test('a burst split across scans extends one open alert; a rescan changes nothing', () => {
  const burst = denied(60, T0)
  const known: KnownAlert[] = []
  const changes = scanInSlices(burst, [22, 40], known)
  assert.equal(changes.filter((c) => c.kind === 'insert').length, 1)
  assert.equal(known.length, 1)
  assert.equal(known[0]!.windowEnd, burst.at(-1)!.at)
  assert.equal(known[0]!.eventCount, 60)
  assert.equal(known[0]!.patientCount, 60)

  const again = reconcile(
    detect(denialStorm, ACTOR, burst, ctx, T0),
    known,
    (i) => countIn(denialStorm, burst, i.windowStart, i.windowEnd, ctx),
    () => 'never',
  )
  assert.deepEqual(again, [], 'rescanning everything raises nothing new')
})

test('activity continuing after a reviewed alert raises a new alert for what came after', () => {
  const first = denied(25, T0)
  const known: KnownAlert[] = []
  scanInSlices(first, [], known)
  known[0]!.status = 'dismissed'
  const more = [...first, ...denied(25, first.at(-1)!.at + 20_000)]
  const changes = scanInSlices(more, [25], known)
  const inserts = changes.filter((c) => c.kind === 'insert')
  assert.equal(inserts.length, 1)
  assert.ok(inserts[0]!.kind === 'insert' && inserts[0]!.alert.windowStart > first.at(-1)!.at)
  assert.equal(
    known.find((a) => a.status === 'dismissed')!.windowEnd,
    first.at(-1)!.at,
    'reviewed alert untouched',
  )
  // Scanning the same again: nothing.
  assert.equal(scanInSlices(more, [], known).length, 0)
})

test('a reviewed alert is not raised again by a rescan of its own window', () => {
  const burst = denied(30, T0)
  const known: KnownAlert[] = []
  scanInSlices(burst, [], known)
  known[0]!.status = 'acknowledged'
  assert.deepEqual(scanInSlices(burst, [10, 20], known), [])
})

test('a baseline is looked up only for days where some hour is over the floor', () => {
  const touches = Array.from({ length: 21 }, (_, i) => ({
    ...denied(1, T0 + i * MINUTE_MS)[0]!,
    outcome: 'success' as const,
    patientId: `00000000-0000-4000-8000-${String(100 + i).padStart(12, '0')}`,
  }))
  assert.deepEqual([...daysOverFloor(touches, T0)], [Date.parse('2026-03-03T00:00:00Z')])
  assert.equal(daysOverFloor(touches.slice(0, 20), T0).size, 0)
})
