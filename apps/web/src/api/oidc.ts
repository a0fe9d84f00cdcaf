// Staff sign-in through the clinic's OpenID Connect provider. The status is a public GET asked by
// the sign-in page only; the flow itself is a top-level navigation to START_PATH (it leaves the
// site, and the CSP's form-action 'self' would block a form posting there), never a fetch.
import type { OidcStatus } from '@tessera/contracts'
import { api } from './client.ts'

/** Where "Sign in with <provider>" points: the server redirects on to the provider. */
export const OIDC_START_HREF = '/api/auth/oidc/start'

/** The one value of `?error=` the server's callback sends back (it never carries details). */
export const OIDC_ERROR_VALUE = 'oidc'

export const oidcApi = {
  status: (signal?: AbortSignal) => api.get<OidcStatus>('/api/auth/oidc', signal ? { signal } : {}),
}
