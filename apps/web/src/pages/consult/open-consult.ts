import { setCurrentConsult } from '../../lib/current-consult.ts'

/**
 * Opens the consult page for an appointment. A full page load, not an in-app navigation: the
 * server grants camera and microphone (Permissions-Policy) only to documents loaded as the consult
 * page. The id goes to this tab's sessionStorage, never into the address.
 */
export function openConsult(appointmentId: string, role: 'patient' | 'clinician'): void {
  setCurrentConsult(appointmentId)
  window.location.assign(role === 'patient' ? '/patient/consult' : '/clinician/consult')
}
