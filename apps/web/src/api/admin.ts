// Clinic administration: staff, invitations, sign-in settings and the development outbox.
import type {
  ClinicAuthSettings,
  InvitationList,
  InvitationView,
  InviteBody,
  OutboxView,
  UpdateUserBody,
  UserList,
  UserListQuery,
  UserSummary,
} from '@tessera/contracts'
import { api } from './client.ts'

const segment = (value: string): string => encodeURIComponent(value)
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {})

export const adminApi = {
  users: (query: UserListQuery, signal?: AbortSignal) => {
    const params = new URLSearchParams()
    if (query.scope) params.set('scope', query.scope)
    if (query.q) params.set('q', query.q)
    const search = params.toString()
    return api.get<UserList>(`/api/admin/users${search ? `?${search}` : ''}`, withSignal(signal))
  },
  updateUser: (userId: string, body: UpdateUserBody) =>
    api.patch<UserSummary>(`/api/admin/users/${segment(userId)}`, body),
  invite: (body: InviteBody) => api.post<InvitationView>('/api/admin/invitations', body),
  invitations: (signal?: AbortSignal) =>
    api.get<InvitationList>('/api/admin/invitations', withSignal(signal)),
  authSettings: (signal?: AbortSignal) =>
    api.get<ClinicAuthSettings>('/api/admin/settings/auth', withSignal(signal)),
  saveAuthSettings: (body: ClinicAuthSettings) =>
    api.put<ClinicAuthSettings>('/api/admin/settings/auth', body),
  /** Development mail; `smtpConfigured: true` (and no messages) once real mail goes out. */
  outbox: (signal?: AbortSignal) => api.get<OutboxView>('/api/admin/outbox', withSignal(signal)),
}
