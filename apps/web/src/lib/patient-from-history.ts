// Chart links (e.g. from the clinician's Today list) carry the patient in the history entry's
// state, never in the URL (no identifiers in URLs); a staff page opened that way starts on them.
export function patientFromHistory(): string {
  const state: unknown = history.state
  if (typeof state !== 'object' || state === null) return ''
  const id = (state as { patientId?: unknown }).patientId
  return typeof id === 'string' ? id : ''
}
