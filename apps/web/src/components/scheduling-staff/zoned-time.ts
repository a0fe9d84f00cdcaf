// Wall-clock dates and times in a named IANA zone, without a date library: a local date is a
// 'YYYY-MM-DD' string, a local time 'HH:MM', and an instant a Date. Conversions go through Intl so
// daylight-saving changes follow the browser's time zone database.

const partsFormatters = new Map<string, Intl.DateTimeFormat>()

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    partsFormatters.set(timeZone, formatter)
  }
  return formatter
}

interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

function wallClock(at: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {}
  for (const part of partsFormatter(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  }
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** The zone's offset from UTC at that instant, in milliseconds. */
function offsetMs(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return asUtc - Math.floor(at.getTime() / 1000) * 1000
}

/** The instant at which the zone's clocks show this date and time (a time skipped by DST moves on). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number)
  const [hh = 0, mm = 0] = time.split(':').map(Number)
  const local = Date.UTC(y, m - 1, d, hh, mm)
  const first = local - offsetMs(new Date(local), timeZone)
  return new Date(local - offsetMs(new Date(first), timeZone))
}

export function localDate(at: Date | string, timeZone: string): string {
  const w = wallClock(new Date(at), timeZone)
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`
}

export function localTime(at: Date | string, timeZone: string): string {
  const w = wallClock(new Date(at), timeZone)
  return `${pad(w.hour)}:${pad(w.minute)}`
}

export function addDays(date: string, days: number): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/** ISO weekday of a local date: 1 = Monday ... 7 = Sunday. */
export function weekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay()
  return day === 0 ? 7 : day
}

export function mondayOf(date: string): string {
  return addDays(date, 1 - weekdayOf(date))
}

const dayLabel = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})
const shortDayLabel = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
})

/** "Monday 30 March 2026" for a local date. */
export function formatDay(date: string): string {
  return dayLabel.format(new Date(`${date}T00:00:00Z`))
}

/** "Mon 30 Mar" for a local date. */
export function formatShortDay(date: string): string {
  return shortDayLabel.format(new Date(`${date}T00:00:00Z`))
}

export function formatRange(start: string, end: string, timeZone: string): string {
  return `${localTime(start, timeZone)}–${localTime(end, timeZone)}`
}

/** "Mon 30 Mar, 09:00" in the zone. */
export function formatWhen(at: string, timeZone: string): string {
  return `${formatShortDay(localDate(at, timeZone))}, ${localTime(at, timeZone)}`
}

export const WEEKDAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

/** Every zone the browser knows, with the ones given first kept in the list even if it lacks them. */
export function timeZoneNames(include: readonly string[] = []): string[] {
  const known = Intl.supportedValuesOf('timeZone')
  return [...new Set([...include, ...known, 'UTC'])].sort()
}

/** The zone's short name at that instant ("GMT", "BST", "GMT-4"). */
export function zoneAbbreviation(timeZone: string, at: Date = new Date()): string {
  const part = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')
  return part?.value ?? ''
}
