import type { ThreadStatus, ThreadTopic } from '@tessera/contracts'

export const STATUS_WORDS: Record<ThreadStatus, string> = {
  open: 'Open',
  'waiting-on-patient': 'Waiting on patient',
  closed: 'Closed',
}

export const TOPIC_WORDS: Record<ThreadTopic, string> = {
  clinical: 'Care team',
  admin: 'Appointments and admin',
}

/** "12 min", "3 h", "2 days": how long a patient message has waited for an answer. */
export function waitingWords(sinceIso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - new Date(sinceIso).getTime()) / 60_000))
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h`
  return `${Math.floor(hours / 24)} days`
}
