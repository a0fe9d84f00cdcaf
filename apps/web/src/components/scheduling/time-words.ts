// Appointment times in the viewer's own time zone, with the zone named ("London time"), and the
// local-day arithmetic the day lists need (local midnights, so a daylight-saving day is 23 or 25 h).

/** The browser's IANA zone, e.g. "Europe/London". */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** "London time", "New York time", or "UTC". */
export function zoneLabel(timeZone: string = viewerTimeZone()): string {
  if (/^(Etc\/)?(UTC|GMT|Zulu|UCT|Universal)$/i.test(timeZone)) return 'UTC'
  const city = timeZone.split('/').pop() ?? timeZone
  return `${city.replaceAll('_', ' ')} time`
}

function parse(iso: string): Date | null {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

const weekdayDay = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' })
const weekdayDayYear = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
})
const shortDay = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' })
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dayKeyFormat = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' })

/** "Tuesday 3 March" (with the year when it is not this year's). */
export function formatDay(value: string | Date): string {
  const date = typeof value === 'string' ? parse(value) : value
  if (!date) return 'unknown day'
  return (date.getFullYear() === new Date().getFullYear() ? weekdayDay : weekdayDayYear).format(date)
}

/** "Tue 3 Mar". */
export function formatShortDay(date: Date): string {
  return shortDay.format(date)
}

/** "10:00" (or "10:00 AM"), in the viewer's zone. */
export function formatClock(iso: string): string {
  const date = parse(iso)
  return date ? clock.format(date) : 'unknown time'
}

/** "Tuesday 3 March, 10:00 (London time)". */
export function formatWhen(iso: string): string {
  return `${formatDay(iso)}, ${formatClock(iso)} (${zoneLabel()})`
}

/** "10:00 to 10:30". */
export function formatRange(startIso: string, endIso: string): string {
  return `${formatClock(startIso)} to ${formatClock(endIso)}`
}

/** The local calendar day of an instant as "2026-03-03" (a key for grouping). */
export function dayKey(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value
  return dayKeyFormat.format(date)
}

/** Local midnight at the start of the day holding `date`. */
export function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate())
}

/** Local midnight `days` calendar days later (not 24 h multiples: DST days differ). */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days)
}

export function sameDay(a: Date, b: Date): boolean {
  return dayKey(a) === dayKey(b)
}
