import type { AppointmentAudience, AppointmentMode, AppointmentTypeBody } from '@tessera/contracts'

export const MODE_LABELS: Record<AppointmentMode, string> = { video: 'Video call', phone: 'Phone call' }

export const AUDIENCE_LABELS: Record<AppointmentAudience, string> = {
  new: 'New patients',
  existing: 'Existing patients',
  any: 'Any patient',
}

export const NEW_TYPE: AppointmentTypeBody = {
  name: '',
  durationMinutes: 30,
  bufferMinutes: 0,
  mode: 'video',
  audience: 'any',
  minNoticeMinutes: 120,
  horizonDays: 60,
  active: true,
}

/** "2 h", "1 h 30 min", "45 min", "3 days". */
export function formatMinutes(minutes: number): string {
  if (minutes >= 1440 && minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return `${rest} min`
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`
}
