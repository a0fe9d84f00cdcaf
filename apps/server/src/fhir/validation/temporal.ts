// What Medplum's date regexes let through (R4 datatypes.html#dateTime): a day the month does not
// have (1984-02-30), a time without seconds (2024-05-01T10Z), and a time without a time zone, which
// R4 requires ("If hours and minutes are specified, a time zone SHALL be populated") and which the
// store needs to place the value on the timeline for date searches.

const DAY = /^(\d{4})-(\d{2})-(\d{2})/
const TIME = /T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

/** Why a date, dateTime or instant string is refused, or undefined. Format errors are Medplum's. */
export function temporalProblem(type: string, value: string): string | undefined {
  if (type !== 'date' && type !== 'dateTime' && type !== 'instant') return undefined
  const day = DAY.exec(value)
  if (day) {
    const [, year, month, date] = day.map(Number) as [number, number, number, number]
    // Day 0 of the next month is the last day of this one.
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
    if (month >= 1 && month <= 12 && date > last)
      return `is not a calendar date (that month has ${last} days)`
  }
  if (type === 'dateTime' && value.includes('T') && !TIME.test(value))
    return 'needs seconds and a time zone when it has a time (YYYY-MM-DDThh:mm:ss+zz:zz or Z)'
  return undefined
}
