// Video consultations, the waiting-room half (issue 9): the room view, check-in, the clinician's
// waiting list, admit, and TURN credentials for the network check. The lobby socket lives in
// lib/lobby-socket.ts. Appointment ids travel in the path only to the API, never in page URLs.
import type { ConsultRoomView, TurnCredentials, WaitingList } from '@tessera/contracts'
import { api } from './client.ts'

const roomPath = (appointmentId: string): string => `/api/consult/${encodeURIComponent(appointmentId)}`
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {})

export const consultApi = {
  room: (appointmentId: string, signal?: AbortSignal) =>
    api.get<ConsultRoomView>(roomPath(appointmentId), withSignal(signal)),

  /** The patient is ready: 409 outside the join window (`joinFrom`/`joinUntil`), 400 when a gate is shut. */
  checkIn: (appointmentId: string) => api.post<ConsultRoomView>(`${roomPath(appointmentId)}/check-in`),

  /** The clinician's consultations with someone waiting. */
  waiting: (signal?: AbortSignal) => api.get<WaitingList>('/api/consult/waiting', withSignal(signal)),

  admit: (appointmentId: string) => api.post<ConsultRoomView>(`${roomPath(appointmentId)}/admit`),

  /** Relay credentials; 404 when the clinic has no relay or no consultation is open now. */
  turnCredentials: (signal?: AbortSignal) =>
    api.get<TurnCredentials>('/api/consult/turn-credentials', withSignal(signal)),
}

/** The lobby socket's address on this origin (ws: or wss: like the page). */
export function lobbySocketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${window.location.host}/api/consult/lobby`
}
