// The signed-in person's own second factors, sessions and password.
import type {
  Accepted,
  ChangePasswordBody,
  CodeBody,
  EnrolmentResult,
  FactorList,
  Ok,
  RecoveryCodes,
  SessionList,
  TotpEnrolment,
} from '@tessera/contracts'
import { api } from './client.ts'

/** The factors that can be removed one by one (recovery codes are regenerated instead). */
export type RemovableFactor = 'totp' | 'email-code' | 'passkey'

const code = (value: string): CodeBody => ({ code: value.trim() })
const segment = (value: string): string => encodeURIComponent(value)

export const accountApi = {
  startTotp: () => api.post<TotpEnrolment>('/api/account/mfa/totp/start'),
  confirmTotp: (value: string) => api.post<EnrolmentResult>('/api/account/mfa/totp/confirm', code(value)),
  startEmailCode: () => api.post<Accepted>('/api/account/mfa/email/start'),
  confirmEmailCode: (value: string) =>
    api.post<EnrolmentResult>('/api/account/mfa/email/confirm', code(value)),

  factors: (signal?: AbortSignal) => api.get<FactorList>('/api/account/factors', signal ? { signal } : {}),
  removeFactor: (kind: RemovableFactor, id: string) =>
    api.delete<Ok>(`/api/account/factors/${segment(kind)}/${segment(id)}`),
  regenerateRecoveryCodes: () => api.post<RecoveryCodes>('/api/account/recovery-codes'),

  sessions: (signal?: AbortSignal) => api.get<SessionList>('/api/account/sessions', signal ? { signal } : {}),
  signOutSession: (sessionId: string) => api.delete<Ok>(`/api/account/sessions/${segment(sessionId)}`),
  signOutOthers: () => api.post<Ok>('/api/account/sessions/sign-out-others'),

  changePassword: (body: ChangePasswordBody) => api.post<Ok>('/api/account/password', body),
}
