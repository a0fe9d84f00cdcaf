import { ApiError } from '../../api/client.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { formatWhen } from './zoned-time.ts'

export interface BookingProblem {
  title: string
  message: string
  /** The next free times the server offered (409), or the readiness items missing (400). */
  items: string[]
  /** The slot was taken: the list of free times should be loaded again. */
  taken: boolean
}

/** What to show when a booking or a reschedule is refused. */
export function bookingProblem(error: unknown, timeZone: string): BookingProblem {
  const { message } = toSubmitErrors(error)
  if (error instanceof ApiError && error.status === 409) {
    const items = error.details
      .filter((d) => d.path.replace(/^body/, '') === '/alternatives')
      .map((d) => formatWhen(d.message, timeZone))
    return { title: 'That time was just taken', message, items, taken: true }
  }
  if (error instanceof ApiError && error.details.some((d) => d.path.includes('/readiness'))) {
    const items = error.details.filter((d) => d.path.includes('/readiness')).map((d) => d.message)
    return { title: 'The patient is not ready to be booked', message, items, taken: false }
  }
  return { title: 'That did not work', message, items: [], taken: false }
}
