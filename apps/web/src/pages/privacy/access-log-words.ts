// Plain words for "who viewed my record": the why, the role, and when in the patient's own zone.
import type { AccessLogEntry, AccessReason } from '@tessera/contracts'
import { ROLE_LABELS } from '../../lib/roles.ts'

export const REASON_WORDS: Record<AccessReason, string> = {
  'care-team': 'They are part of your care team.',
  scheduling: 'Arranging your appointments.',
  emergency: 'Emergency access to your record.',
  oversight: 'Privacy and security checks by the clinic.',
  other: 'Other work at the clinic.',
}

export function roleWords(entry: AccessLogEntry): string {
  return entry.role ? ROLE_LABELS[entry.role] : 'Clinic staff'
}

const when = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
})
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })

/** "Mon, 2 Mar 2026, 09:00 GMT"; with a count, "3 times between 08:52 and 09:00". */
export function whenWords(entry: Pick<AccessLogEntry, 'at' | 'firstAt' | 'count'>): string {
  const at = new Date(entry.at)
  if (Number.isNaN(at.getTime())) return 'Unknown time'
  const base = when.format(at)
  if (entry.count === 1) return base
  const first = new Date(entry.firstAt)
  return `${base} (${entry.count} times, from ${timeOnly.format(first)})`
}

/** The zone the times are shown in, for the page's explanation ("Europe/London"). */
export function deviceTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}
