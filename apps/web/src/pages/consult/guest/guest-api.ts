// The guest half of the consultation API (apps/server/src/consult/guest-routes.ts): the clinician's
// invitations under the room, the guest's own calls under /api/guest (its cookie, no account).
import type { GuestCodeSent, GuestInviteBody, GuestList, GuestRoomView, GuestView } from '@tessera/contracts'
import { api } from '../../../api/client.ts'

const guestsPath = (appointmentId: string): string =>
  `/api/consult/${encodeURIComponent(appointmentId)}/guests`

export const guestsApi = {
  list: (appointmentId: string, signal?: AbortSignal) =>
    api.get<GuestList>(guestsPath(appointmentId), signal ? { signal } : {}),
  invite: (appointmentId: string, body: GuestInviteBody) =>
    api.post<GuestView>(guestsPath(appointmentId), body),
  admit: (appointmentId: string, guestId: string) =>
    api.post<GuestView>(`${guestsPath(appointmentId)}/${encodeURIComponent(guestId)}/admit`),
  revoke: (appointmentId: string, guestId: string) =>
    api.delete<GuestView>(`${guestsPath(appointmentId)}/${encodeURIComponent(guestId)}`),
}

export const guestApi = {
  /** Emails a code to the invited address. */
  openLink: (token: string) => api.post<GuestCodeSent>('/api/guest/link', { token }),
  /** The right code starts the guest session (a cookie) and uses the link up. */
  enterCode: (token: string, code: string) => api.post<GuestRoomView>('/api/guest/code', { token, code }),
  room: (signal?: AbortSignal) => api.get<GuestRoomView>('/api/guest/room', signal ? { signal } : {}),
  checkIn: () => api.post<GuestRoomView>('/api/guest/check-in'),
  signOut: () => api.post<{ ok: boolean }>('/api/guest/sign-out'),
}
