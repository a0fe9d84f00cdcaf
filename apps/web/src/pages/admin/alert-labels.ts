// Plain-language names for the misuse rules and alert states.
import type { MisuseAlertStatus, MisuseRule } from '@tessera/contracts'

export const RULE_LABELS: Readonly<Record<MisuseRule, { title: string; summary: string }>> = {
  'no-care-relationship': {
    title: 'Record opened without a care relationship',
    summary: 'Patient data read, or tried, by someone with no care-team link or role to read it.',
  },
  'volume-above-baseline': {
    title: 'Far more records than usual',
    summary: "More patients in an hour than 20, and than five times this person's usual hour.",
  },
  'off-hours-bulk': {
    title: 'Many records at night',
    summary: 'More than 10 patients between 22:00 and 06:00 clinic time.',
  },
  'mfa-failures': {
    title: 'Repeated wrong sign-in codes',
    summary: 'Five or more wrong second-factor or recovery codes within 15 minutes.',
  },
  'sign-in-failures': {
    title: 'Many failed sign-ins',
    summary: 'Twenty or more wrong passwords for this account within 15 minutes.',
  },
  'mass-export': {
    title: 'Large or repeated exports',
    summary: 'An export of more than 1,000 rows, or more than three exports in an hour.',
  },
  'denial-storm': {
    title: 'Many refused record requests',
    summary: 'Twenty or more requests for patient records that were refused, within 15 minutes.',
  },
}

export const STATUS_OPTIONS: ReadonlyArray<{ value: MisuseAlertStatus; label: string }> = [
  { value: 'open', label: 'Open' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'dismissed', label: 'Dismissed' },
]

export function isAlertStatus(value: string): value is MisuseAlertStatus {
  return STATUS_OPTIONS.some((option) => option.value === value)
}
