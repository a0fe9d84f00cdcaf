// The clinician's consultation note (autosaved draft, signature, amendments) and the end of the
// consultation, which closes its Encounter (consult-notes/ on the server). The note's words travel
// in request bodies only, never in a URL.
import type { ConsultEncounterView, ConsultNoteView } from '@tessera/contracts'
import { api, REQUEST_HEADER } from './client.ts'

const notePath = (appointmentId: string): string => `/api/consult/${encodeURIComponent(appointmentId)}/note`
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {})

export const consultNotesApi = {
  /** The host ends the consultation: the Encounter is closed (finished). Ending twice is harmless. */
  endConsultation: async (appointmentId: string): Promise<void> => {
    await api.post<ConsultEncounterView>(`/api/consult/${encodeURIComponent(appointmentId)}/end`)
  },

  /** The note as saved (status `empty` and version 0 before the first save). */
  get: (appointmentId: string, signal?: AbortSignal) =>
    api.get<ConsultNoteView>(notePath(appointmentId), withSignal(signal)),

  /**
   * Saves the draft made on `baseVersion`. 409 when it changed elsewhere (`/baseVersion`) or was
   * signed (locked); 400 naming `/text` when it is too long.
   */
  save: (appointmentId: string, text: string, baseVersion: number) =>
    api.put<ConsultNoteView>(notePath(appointmentId), { text, baseVersion }),

  /**
   * The last save as the page goes away (tab hidden or closed): `keepalive` lets the request outlive
   * the page. Fire and forget; the next load shows what the server kept.
   */
  saveOnExit: (appointmentId: string, text: string, baseVersion: number): void => {
    void fetch(notePath(appointmentId), {
      method: 'PUT',
      keepalive: true,
      credentials: 'same-origin',
      mode: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', [REQUEST_HEADER]: '1' },
      body: JSON.stringify({ text, baseVersion }),
    }).catch(() => undefined)
  },

  /** Signs the version read (a recent second factor: the step-up dialog may ask for it). */
  sign: (appointmentId: string, baseVersion: number) =>
    api.post<ConsultNoteView>(`${notePath(appointmentId)}/sign`, { baseVersion }),

  amend: (appointmentId: string, text: string, reason: string) =>
    api.post<ConsultNoteView>(`${notePath(appointmentId)}/amendments`, { text, reason }),
}
