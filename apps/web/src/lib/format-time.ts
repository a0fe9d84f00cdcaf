const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })

function parse(iso: string): Date | null {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

/** "3 Mar 2026, 10:00" in the person's own locale and time zone. */
export function formatDateTime(iso: string): string {
  const date = parse(iso)
  return date ? dateTime.format(date) : 'unknown'
}

export function formatDate(iso: string): string {
  const date = parse(iso)
  return date ? dateOnly.format(date) : 'unknown'
}
