// Signing in and out, second factors, registration, password reset and invitations: the public and
// partial-session routes. Types come from @tessera/contracts (types only, never runtime values).
import type {
  AcceptInvitationBody,
  Accepted,
  CodeBody,
  Ok,
  RegisterBody,
  ResetCompleteBody,
  ResetRequestBody,
  SessionView,
  SignInBody,
  SignInResult,
  TokenBody,
} from '@tessera/contracts'
import { api } from './client.ts'

const code = (value: string): CodeBody => ({ code: value.trim() })

export const authApi = {
  signIn: (body: SignInBody) => api.post<SignInResult>('/api/auth/sign-in', body),
  verifyTotp: (value: string) => api.post<Ok>('/api/auth/mfa/totp', code(value)),
  sendEmailCode: () => api.post<Accepted>('/api/auth/mfa/email/send'),
  verifyEmailCode: (value: string) => api.post<Ok>('/api/auth/mfa/email', code(value)),
  verifyRecoveryCode: (value: string) => api.post<Ok>('/api/auth/mfa/recovery', code(value)),
  session: (signal?: AbortSignal) => api.get<SessionView>('/api/session', signal ? { signal } : {}),
  signOut: () => api.post<Ok>('/api/auth/sign-out'),

  register: (body: RegisterBody) => api.post<Accepted>('/api/auth/register', body),
  verifyEmail: (body: TokenBody) => api.post<Ok>('/api/auth/verify-email', body),
  requestPasswordReset: (body: ResetRequestBody) =>
    api.post<Accepted>('/api/auth/password-reset/request', body),
  completePasswordReset: (body: ResetCompleteBody) => api.post<Ok>('/api/auth/password-reset/complete', body),
  acceptInvitation: (body: AcceptInvitationBody) => api.post<SignInResult>('/api/invitations/accept', body),
}
