// The clinic's wall clock for the off-hours rule: which local hour an instant falls in, and the
// night (22:00 to 06:00 local by default) around it, across daylight-saving changes. Built once
// per scan, so the formatter is made once.

export interface Night {
  /** The instant the night began (22:00 local). */
  start: number
  /** The instant it ends (06:00 local the next day). */
  end: number
}

export interface ClinicZone {
  readonly timeZone: string
  /** Local hour, 0-23. */
  hourOf(at: number): number
  /** The night around `at`, or null when `at` is in working hours. */
  nightOf(at: number): Night | null
}

interface WallTime {
  y: number
  m: number
  d: number
  h: number
  min: number
  s: number
}

const DAY_MS = 86_400_000

/** Throws RangeError for an unknown zone (the configuration is checked at start-up by using it). */
export function clinicZone(timeZone: string, nightStartHour = 22, nightEndHour = 6): ClinicZone {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  })
  const wall = (at: number): WallTime => {
    const out: Record<string, number> = {}
    for (const part of format.formatToParts(at)) {
      if (part.type !== 'literal') out[part.type] = Number(part.value)
    }
    return {
      y: out['year'] ?? 0,
      m: out['month'] ?? 1,
      d: out['day'] ?? 1,
      h: out['hour'] ?? 0,
      min: out['minute'] ?? 0,
      s: out['second'] ?? 0,
    }
  }
  // Local time minus UTC at this instant, in ms.
  const offsetAt = (at: number): number => {
    const w = wall(at)
    const whole = at - (((at % 1000) + 1000) % 1000)
    return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - whole
  }
  // The instant a local date and hour happen (the later reading when a change makes it ambiguous).
  const instantOf = (y: number, m: number, d: number, h: number): number => {
    const naive = Date.UTC(y, m - 1, d, h)
    const first = naive - offsetAt(naive)
    const second = naive - offsetAt(first)
    return Math.max(first, second)
  }
  const shiftDay = (w: WallTime, days: number): { y: number; m: number; d: number } => {
    const date = new Date(Date.UTC(w.y, w.m - 1, w.d) + days * DAY_MS)
    return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() }
  }
  return {
    timeZone,
    hourOf: (at) => wall(at).h,
    nightOf: (at) => {
      const w = wall(at)
      if (w.h >= nightStartHour) {
        const next = shiftDay(w, 1)
        return {
          start: instantOf(w.y, w.m, w.d, nightStartHour),
          end: instantOf(next.y, next.m, next.d, nightEndHour),
        }
      }
      if (w.h < nightEndHour) {
        const previous = shiftDay(w, -1)
        return {
          start: instantOf(previous.y, previous.m, previous.d, nightStartHour),
          end: instantOf(w.y, w.m, w.d, nightEndHour),
        }
      }
      return null
    },
  }
}
