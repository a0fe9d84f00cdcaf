// Runs the rules over one actor's events and turns what fires into alert changes. Pure: the
// scanner supplies events (sorted by time) and the alerts already raised, and writes the result.
//
// Incidents, not windows: while a burst goes on, each new event gives a window that fires, so
// overlapping firing windows merge into one incident, and an incident that overlaps an open alert
// extends that alert instead of raising another. Scanning the same events again (a retry, a
// rescan from the start) therefore changes nothing.
import type { MisuseAlertStatus, MisuseRule } from '@tessera/contracts'
import {
  distinctPatients,
  type MisuseRuleDefinition,
  type RuleContext,
  type ScanEvent,
} from './misuse-rules.ts'

export interface Incident {
  rule: MisuseRule
  actorId: string
  windowStart: number
  windowEnd: number
}

export interface KnownAlert extends Incident {
  id: string
  status: MisuseAlertStatus
  eventCount: number
  patientCount: number
}

export type AlertChange =
  | { kind: 'insert'; alert: KnownAlert }
  | { kind: 'update'; id: string; windowEnd: number; eventCount: number; patientCount: number }

/**
 * Incidents of one rule for one actor. `events` are all the actor's events the scan read, sorted
 * by time; only windows ending at or after `from` (the first event new to this scan) are judged.
 */
export function detect(
  rule: MisuseRuleDefinition,
  actorId: string,
  events: readonly ScanEvent[],
  ctx: RuleContext,
  from: number,
): Incident[] {
  const hits = events.filter((e) => rule.qualifies(e, ctx))
  const windows: Array<{ start: number; end: number }> = []
  if (rule.kind === 'sliding') {
    let first = 0
    for (let last = 0; last < hits.length; last++) {
      const end = hits[last]!.at
      while (hits[first]!.at <= end - rule.windowMs) first++
      if (end < from) continue
      const window = hits.slice(first, last + 1)
      if (rule.fires(window, actorId, ctx)) windows.push({ start: hits[first]!.at, end })
    }
  } else {
    const nights = new Map<number, { end: number; events: ScanEvent[] }>()
    for (const e of hits) {
      const night = ctx.zone.nightOf(e.at)
      if (!night) continue
      const entry = nights.get(night.start) ?? { end: night.end, events: [] }
      entry.events.push(e)
      nights.set(night.start, entry)
    }
    for (const [start, night] of nights) {
      if (night.end <= from) continue
      if (rule.fires(night.events, actorId, ctx)) windows.push({ start, end: night.end })
    }
  }
  return mergeOverlapping(windows).map((w) => ({
    rule: rule.id,
    actorId,
    windowStart: w.start,
    windowEnd: w.end,
  }))
}

function mergeOverlapping(
  windows: Array<{ start: number; end: number }>,
): Array<{ start: number; end: number }> {
  const sorted = [...windows].sort((a, b) => a.start - b.start)
  const merged: Array<{ start: number; end: number }> = []
  for (const w of sorted) {
    const previous = merged.at(-1)
    if (previous && w.start <= previous.end) previous.end = Math.max(previous.end, w.end)
    else merged.push({ ...w })
  }
  return merged
}

/** The rule's qualifying events of one actor between `start` and `end`, inclusive. */
export function countIn(
  rule: MisuseRuleDefinition,
  events: readonly ScanEvent[],
  start: number,
  end: number,
  ctx: RuleContext,
): { eventCount: number; patientCount: number } {
  const inside = events.filter((e) => e.at >= start && e.at <= end && rule.qualifies(e, ctx))
  return { eventCount: inside.length, patientCount: distinctPatients(inside) }
}

/**
 * What to write for these incidents, given the alerts already raised for the same actors.
 * An incident overlapping an open alert of the same rule and actor extends it; one overlapping a
 * reviewed alert raises a new alert only for activity after the reviewed window.
 */
export function reconcile(
  incidents: readonly Incident[],
  known: KnownAlert[],
  counts: (incident: Incident) => { eventCount: number; patientCount: number },
  newId: () => string,
): AlertChange[] {
  const changes: AlertChange[] = []
  const inserted = new Set<string>()
  const insert = (incident: Incident): void => {
    const alert: KnownAlert = { ...incident, id: newId(), status: 'open', ...counts(incident) }
    known.push(alert)
    inserted.add(alert.id)
    changes.push({ kind: 'insert', alert })
  }
  for (const incident of [...incidents].sort((a, b) => a.windowStart - b.windowStart)) {
    const overlapping = known.filter(
      (a) =>
        a.rule === incident.rule &&
        a.actorId === incident.actorId &&
        a.windowStart <= incident.windowEnd &&
        a.windowEnd >= incident.windowStart,
    )
    const latest = overlapping.sort((a, b) => b.windowEnd - a.windowEnd)[0]
    if (!latest) {
      insert(incident)
      continue
    }
    if (latest.status === 'open') {
      const windowEnd = Math.max(latest.windowEnd, incident.windowEnd)
      const fresh = counts({ ...latest, windowEnd })
      // Never lower a count: the scan may not have read back to the start of a long incident.
      const eventCount = Math.max(latest.eventCount, fresh.eventCount)
      const patientCount = Math.max(latest.patientCount, fresh.patientCount)
      if (
        windowEnd === latest.windowEnd &&
        eventCount === latest.eventCount &&
        patientCount === latest.patientCount
      )
        continue
      Object.assign(latest, { windowEnd, eventCount, patientCount })
      // An alert inserted by this same pass carries the new values already (same object).
      if (!inserted.has(latest.id))
        changes.push({ kind: 'update', id: latest.id, windowEnd, eventCount, patientCount })
      continue
    }
    if (incident.windowEnd <= latest.windowEnd) continue
    insert({ ...incident, windowStart: Math.max(incident.windowStart, latest.windowEnd + 1) })
  }
  return changes
}
