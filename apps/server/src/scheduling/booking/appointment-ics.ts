// The calendar file sent on confirmation (RFC 5545): when, and a link to sign in. No clinic
// specialty, no type of appointment, no names: a calendar is often shared or synced elsewhere.
export interface CalendarFacts {
  id: string
  start: Date
  end: Date
  cancelled: boolean
  /** The sign-in page of this Tessera. */
  link: string
  /** When the file was made. */
  stamp: Date
  sequence: number
}

function utc(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/** Escapes TEXT values (RFC 5545 3.3.11). */
function text(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')
}

export function appointmentCalendar(f: CalendarFacts): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Tessera//Appointments//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${f.cancelled ? 'CANCEL' : 'PUBLISH'}`,
    'BEGIN:VEVENT',
    `UID:${f.id}@tessera`,
    `SEQUENCE:${f.sequence}`,
    `DTSTAMP:${utc(f.stamp)}`,
    `DTSTART:${utc(f.start)}`,
    `DTEND:${utc(f.end)}`,
    'SUMMARY:Appointment',
    `DESCRIPTION:${text(`Sign in to see details: ${f.link}`)}`,
    `URL:${text(f.link)}`,
    `STATUS:${f.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return lines.join('\r\n') + '\r\n'
}
