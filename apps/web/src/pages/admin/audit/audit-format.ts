// Words and times for the audit page. Times carry seconds and the zone: an audit trail is read
// against other logs.
import type { AuditOutcome, Role } from '@tessera/contracts'
import { ROLE_LABELS } from '../../../lib/roles.ts'

export const OUTCOME_LABELS: Record<AuditOutcome, string> = {
  success: 'Allowed',
  denied: 'Denied',
  failure: 'Failed',
}

export const OUTCOME_BADGES: Record<AuditOutcome, string> = {
  success: 'badge badge--success',
  denied: 'badge badge--warning',
  failure: 'badge badge--danger',
}

const PURPOSE_LABELS: Record<string, string> = {
  'care-team': 'Care team',
  'break-glass': 'Emergency access (break-glass)',
  scheduling: 'Scheduling',
  self: 'Their own record',
}

export function purposeLabel(purpose: string | null): string {
  if (!purpose) return '—'
  return PURPOSE_LABELS[purpose] ?? purpose
}

function isRole(value: string): value is Role {
  return value in ROLE_LABELS
}

export function roleLabel(role: string | null): string {
  if (!role) return 'No role'
  return isRole(role) ? ROLE_LABELS[role] : role
}

const precise = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
})

export function formatAuditTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? 'unknown' : precise.format(date)
}

/**
 * A day range from date inputs (YYYY-MM-DD, in this device's time zone) as the server's
 * [from, to) instants: "to" covers the whole of its day.
 */
export function dayRange(fromDay: string, toDay: string): { from?: string; to?: string } {
  const start = (day: string): Date | null => {
    const date = new Date(`${day}T00:00:00`)
    return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(date.getTime()) ? date : null
  }
  const from = start(fromDay)
  const end = start(toDay)
  if (end) end.setDate(end.getDate() + 1)
  return { ...(from ? { from: from.toISOString() } : {}), ...(end ? { to: end.toISOString() } : {}) }
}
