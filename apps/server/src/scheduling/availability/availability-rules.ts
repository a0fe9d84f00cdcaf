// Checks on what staff send (pure): the weekly rules and the exceptions. Each problem names the
// field, so the calendar editor can point at the rule or the date.
import type { AvailabilityExceptionBody, AvailabilityRule, WeeklyAvailabilityBody } from '@tessera/contracts'
import { AppError, type ErrorDetail } from '../../platform/errors.ts'
import { isValidTimeZone, minutesOf } from '../slots/local-time.ts'

const DAY = 86_400_000
/** An exception covers at most a year (longer leave is a change of weekly rules). */
export const MAX_EXCEPTION_DAYS = 366

const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

/** Throws AppError('invalid') naming each bad rule (`body/rules/3`) or the time zone. */
export function checkWeekly(body: WeeklyAvailabilityBody): void {
  const details: ErrorDetail[] = []
  if (!isValidTimeZone(body.timeZone)) {
    details.push({ path: 'body/timeZone', message: 'not a known time zone (e.g. Europe/London)' })
  }
  body.rules.forEach((rule, i) => {
    if (minutesOf(rule.end) <= minutesOf(rule.start)) {
      details.push({ path: `body/rules/${i}`, message: 'ends before it starts' })
    }
  })
  details.push(...overlaps(body.rules))
  if (details.length) {
    throw new AppError('invalid', `Check the availability: ${details[0]!.message}.`, details)
  }
}

/** Rules of one weekday that overlap: the later-starting one of each pair is named. */
function overlaps(rules: readonly AvailabilityRule[]): ErrorDetail[] {
  const order = rules
    .map((rule, index) => ({ rule, index, start: minutesOf(rule.start), end: minutesOf(rule.end) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.rule.weekday - b.rule.weekday || a.start - b.start || a.index - b.index)
  const details: ErrorDetail[] = []
  for (let i = 1; i < order.length; i++) {
    const previous = order[i - 1]!
    const current = order[i]!
    if (current.rule.weekday === previous.rule.weekday && current.start < previous.end) {
      details.push({
        path: `body/rules/${current.index}`,
        message: `overlaps ${WEEKDAYS[current.rule.weekday]} ${previous.rule.start}-${previous.rule.end}`,
      })
    }
  }
  return details
}

/** The exception's instants, or AppError('invalid') naming `body/endsAt` / `body/startsAt`. */
export function checkException(body: AvailabilityExceptionBody, now: Date): { start: Date; end: Date } {
  const start = new Date(body.startsAt)
  const end = new Date(body.endsAt)
  const fail = (path: string, message: string) =>
    new AppError('invalid', `Check the dates: ${message}.`, [{ path, message }])
  if (Number.isNaN(start.getTime())) throw fail('body/startsAt', 'not a date and time')
  if (Number.isNaN(end.getTime())) throw fail('body/endsAt', 'not a date and time')
  if (end <= start) throw fail('body/endsAt', 'must be after the start')
  if (end.getTime() - start.getTime() > MAX_EXCEPTION_DAYS * DAY) {
    throw fail('body/endsAt', 'at most a year after the start')
  }
  if (end <= now) throw fail('body/endsAt', 'already in the past')
  return { start, end }
}
