// Wall-clock times in a clinician's IANA time zone, made into instants. Two rules decide the
// daylight-saving edge cases, so every caller gets the same answer:
// - a local time that happens twice (clocks going back) is its FIRST occurrence;
// - a local time that never happens (clocks going forward) is the moment the clocks jump, and is
//   reported as not existing (a slot is never offered there).
// Both follow from one definition: the first instant at which the wall clock reads that time or later.
import { DateTime, IANAZone } from 'luxon'

const MINUTE = 60_000
const DAY = 86_400_000

/** A calendar date in some time zone (month 1-12). */
export interface LocalDate {
  year: number
  month: number
  day: number
}

export interface LocalInstant {
  /** Epoch milliseconds. */
  at: number
  /** False when the wall clock skipped this time (the instant is then the moment of the jump). */
  exists: boolean
}

export function isValidTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name)
}

// Zones by name, once checked: a zone's rules do not change while the process runs, and checking a
// name costs an Intl formatter each time (8% of a booking's CPU in the P8 profile).
const ZONES = new Map<string, IANAZone>()

/** The zone, or throws: callers validate names where they enter the system. */
export function timeZone(name: string): IANAZone {
  let zone = ZONES.get(name)
  if (!zone) {
    if (!IANAZone.isValidZone(name)) throw new Error('unknown time zone')
    zone = IANAZone.create(name)
    ZONES.set(name, zone)
  }
  return zone
}

/**
 * The zone's offset (minutes) through the whole local `date` when it does not change that day, or
 * undefined on a day with a transition. Every instant of the local day lies within 14 hours either
 * side of the date's midnight read as UTC (offsets run from -12 to +14 hours); the same offset at
 * both ends of that 52-hour span means no transition in it, as no zone in the tz database changes
 * its offset twice within two days. Offset lookups are most of the engine's cost; a day without a
 * transition then needs two instead of four per slot start.
 */
export function steadyOffset(zone: IANAZone, date: LocalDate): number | undefined {
  const midnight = Date.UTC(date.year, date.month - 1, date.day)
  const before = zone.offset(midnight - 14 * 60 * MINUTE)
  const after = zone.offset(midnight + DAY + 14 * 60 * MINUTE)
  return before === after ? before : undefined
}

/** 'HH:MM' as minutes after midnight ('24:00' is 1440). */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':')
  return Number(h) * 60 + Number(m)
}

/** The local calendar date of an instant. */
export function localDateOf(zone: IANAZone, at: number): LocalDate {
  const dt = DateTime.fromMillis(at, { zone })
  return { year: dt.year, month: dt.month, day: dt.day }
}

/** The date `days` later (calendar arithmetic, no time zone involved). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days))
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

/** ISO weekday, 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()
  return d === 0 ? 7 : d
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(b.year, b.month - 1, b.day)
}

/** The first instant at which the zone's wall clock reads `minutes` past midnight of `date`, or later. */
export function atLocal(zone: IANAZone, date: LocalDate, minutes: number): LocalInstant {
  // The wall-clock reading written as if it were UTC; minutes >= 1440 roll into the next day.
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minutes * MINUTE
  const offsets = new Set([zone.offset(wall - DAY), zone.offset(wall), zone.offset(wall + DAY)])
  let first: number | undefined
  for (const offset of offsets) {
    const at = wall - offset * MINUTE
    if (zone.offset(at) === offset && (first === undefined || at < first)) first = at
  }
  if (first !== undefined) return { at: first, exists: true }
  // In the gap: before the jump the clock reads earlier than `wall`, after it later. Find the jump.
  const sorted = [...offsets].sort((a, b) => a - b)
  let lo = wall - sorted[sorted.length - 1]! * MINUTE
  let hi = wall - sorted[0]! * MINUTE
  const before = zone.offset(lo)
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE
    if (zone.offset(mid) === before) lo = mid
    else hi = mid
  }
  return { at: hi, exists: false }
}

/** 'HH:MM' of an instant on the zone's wall clock (for tests and labels). */
export function wallClock(zone: IANAZone | string, at: Date | number): string {
  return DateTime.fromMillis(typeof at === 'number' ? at : at.getTime(), { zone }).toFormat(
    'yyyy-MM-dd HH:mm',
  )
}
