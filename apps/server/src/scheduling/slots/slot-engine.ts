// The free-slot engine: pure, no I/O, no clock of its own. Given a clinician's weekly rules in
// their own time zone, their exceptions, an appointment type and what is already booked, it lists
// the slots a patient may book in a window, soonest first (README.md, "Slots").
//
// - Each availability window (a weekly rule on one date, or an `available` exception) has a grid of
//   slot starts every (duration + buffer) from its start. A weekly rule's grid is in wall-clock
//   time, so a clinician's slots keep their usual local times on a daylight-saving day: a local time
//   that does not exist is skipped, one that happens twice is taken once (its first occurrence), and
//   a start that would overlap the grid's previous slot after a jump is skipped (no two offered
//   slots of one window overlap).
// - A slot needs [start, start + duration + buffer) inside availability (the union of the windows)
//   and clear of `unavailable` exceptions and busy intervals; start >= now + minimum notice and
//   start < now + horizon, and start inside [from, to).
import type { ExceptionKind } from '@tessera/contracts'
import {
  addDays,
  atLocal,
  compareDates,
  isoWeekday,
  localDateOf,
  minutesOf,
  steadyOffset,
  timeZone,
  type LocalDate,
  type LocalInstant,
} from './local-time.ts'
import type { IANAZone } from 'luxon'

const MINUTE = 60_000
const DAY = 86_400_000

export interface WeeklyRule {
  /** ISO weekday, 1 = Monday. */
  weekday: number
  /** Local 'HH:MM'. */
  start: string
  /** Local 'HH:MM', or '24:00' for midnight at the end of the day. */
  end: string
}

export interface Interval {
  start: Date
  end: Date
}

export interface SlotException extends Interval {
  kind: ExceptionKind
}

export interface SlotTypeRules {
  durationMinutes: number
  bufferMinutes: number
  minNoticeMinutes: number
  horizonDays: number
}

export interface SlotInput {
  timeZone: string
  rules: readonly WeeklyRule[]
  exceptions: readonly SlotException[]
  type: SlotTypeRules
  /** Booked appointments: [starts_at, blocked_until). */
  busy: readonly Interval[]
  now: Date
  from: Date
  to: Date
}

export interface Slot {
  start: Date
  end: Date
  /** The end plus the type's buffer: the clinician is busy until then. */
  blockedUntil: Date
}

interface Span {
  start: number
  end: number
}

/** The earliest and latest start a slot may have (min notice, horizon and the window together). */
export function startBounds(input: Pick<SlotInput, 'type' | 'now' | 'from' | 'to'>): Span {
  const now = input.now.getTime()
  return {
    start: Math.max(input.from.getTime(), now + input.type.minNoticeMinutes * MINUTE),
    end: Math.min(input.to.getTime(), now + input.type.horizonDays * DAY),
  }
}

export function freeSlots(input: SlotInput): Slot[] {
  const bounds = startBounds(input)
  if (bounds.start >= bounds.end) return []
  const step = (input.type.durationMinutes + input.type.bufferMinutes) * MINUTE
  const windows = [...ruleWindows(input, bounds, step), ...exceptionWindows(input.exceptions, step)]
  const available = merge(windows)
  const blocked = merge([
    ...input.exceptions.filter((e) => e.kind === 'unavailable').map(span),
    ...input.busy.map(span),
  ])
  const starts = new Set<number>()
  for (const window of windows) for (const start of window.starts) starts.add(start)
  const slots: Slot[] = []
  for (const start of [...starts].sort((a, b) => a - b)) {
    if (start < bounds.start || start >= bounds.end) continue
    const blockEnd = start + step
    if (!covers(available, start, blockEnd) || overlaps(blocked, start, blockEnd)) continue
    slots.push({
      start: new Date(start),
      end: new Date(start + input.type.durationMinutes * MINUTE),
      blockedUntil: new Date(blockEnd),
    })
  }
  return slots
}

interface Window extends Span {
  starts: number[]
}

/** Each weekly rule on each local date around the bounds, with its wall-clock grid of starts. */
function ruleWindows(input: SlotInput, bounds: Span, step: number): Window[] {
  if (input.rules.length === 0) return []
  const zone = timeZone(input.timeZone)
  const stepMinutes = step / MINUTE
  const last = localDateOf(zone, bounds.end)
  const windows: Window[] = []
  for (let date = addDays(localDateOf(zone, bounds.start), -1); compareDates(date, last) <= 0;) {
    const weekday = isoWeekday(date)
    const local = localOn(zone, date)
    for (const rule of input.rules) {
      if (rule.weekday !== weekday) continue
      const from = minutesOf(rule.start)
      const to = minutesOf(rule.end)
      const start = local(from).at
      const end = local(to).at
      if (end <= start) continue // the whole rule fell into a skipped hour
      const starts: number[] = []
      let previousEnd = -Infinity
      for (let minutes = from; minutes < to; minutes += stepMinutes) {
        const instant = local(minutes)
        if (!instant.exists || instant.at < previousEnd) continue
        starts.push(instant.at)
        previousEnd = instant.at + step
      }
      windows.push({ start, end, starts })
    }
    date = addDays(date, 1)
  }
  return windows
}

/** Minutes past local midnight of `date` as instants: plain arithmetic unless the day has a transition. */
function localOn(zone: IANAZone, date: LocalDate): (minutes: number) => LocalInstant {
  const offset = steadyOffset(zone, date)
  if (offset === undefined) return (minutes) => atLocal(zone, date, minutes)
  const midnight = Date.UTC(date.year, date.month - 1, date.day)
  return (minutes) => ({ at: midnight + (minutes - offset) * MINUTE, exists: true })
}

/** One-off sessions: absolute intervals, their grid in real time from their start. */
function exceptionWindows(exceptions: readonly SlotException[], step: number): Window[] {
  return exceptions
    .filter((e) => e.kind === 'available')
    .map((e) => {
      const { start, end } = span(e)
      const starts: number[] = []
      for (let at = start; at < end; at += step) starts.push(at)
      return { start, end, starts }
    })
}

function span(interval: Interval): Span {
  return { start: interval.start.getTime(), end: interval.end.getTime() }
}

/** The union as sorted, disjoint spans (touching spans join). */
function merge(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start)
  const out: Span[] = []
  for (const s of sorted) {
    const last = out[out.length - 1]
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end)
    else out.push({ start: s.start, end: s.end })
  }
  return out
}

/** Index of the first merged span ending after `at` (spans are sorted and disjoint). */
function firstEndingAfter(spans: readonly Span[], at: number): number {
  let lo = 0
  let hi = spans.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (spans[mid]!.end > at) hi = mid
    else lo = mid + 1
  }
  return lo
}

function covers(spans: readonly Span[], start: number, end: number): boolean {
  const s = spans[firstEndingAfter(spans, start)]
  return s !== undefined && s.start <= start && s.end >= end
}

function overlaps(spans: readonly Span[], start: number, end: number): boolean {
  const s = spans[firstEndingAfter(spans, start)]
  return s !== undefined && s.start < end
}
