// Checks an /oauth/authorize request (RFC 6749 4.1.1, RFC 7636 4.3, SMART App Launch 2.0 "Obtain
// authorization code"). The client and its redirect URI are checked first and on their own: until
// both are known good, nothing is ever sent to the redirect URI (RFC 6749 4.1.2.1, open redirector).
import { splitScopes } from './scope-grant.ts'
import type { SmartApp } from './smart-apps.ts'

export type RefusalReason = 'unknown-app' | 'app-disabled' | 'redirect-mismatch' | 'bad-request'

export interface AuthorizeParams {
  redirectUri: string
  state: string
  codeChallenge: string
  scopes: string[]
  nonce: string | null
}

export type AuthorizeCheck =
  | { kind: 'ok'; params: AuthorizeParams }
  | { kind: 'error'; error: string; description: string; state: string | null }

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/
const LIMITS: Record<string, number> = { state: 512, nonce: 256, scope: 2000, aud: 2000 }

/** A parameter given more than once: malformed (RFC 6749 3.1). */
export const REPEATED = Symbol('repeated')
type Single = string | null | typeof REPEATED

/** One value per parameter; absent or empty is null. */
export function single(query: Record<string, unknown>, name: string): Single {
  const value = query[name]
  if (Array.isArray(value)) return REPEATED
  return typeof value === 'string' && value !== '' ? value : null
}

/** Whether the request may be answered at its redirect URI at all. */
export function refusal(app: SmartApp | null, redirectUri: Single): RefusalReason | null {
  if (!app) return 'unknown-app'
  if (app.disabledAt) return 'app-disabled'
  if (typeof redirectUri !== 'string' || !app.redirectUris.includes(redirectUri)) return 'redirect-mismatch'
  return null
}

/** The rest of the request, for an app and redirect URI already known good. */
export function checkAuthorize(
  query: Record<string, unknown>,
  app: SmartApp,
  redirectUri: string,
  fhirBase: string,
): AuthorizeCheck {
  const get = (name: string) => single(query, name)
  const stateValue = get('state')
  const state = typeof stateValue === 'string' && stateValue.length <= LIMITS['state']! ? stateValue : null
  const fail = (error: string, description: string): AuthorizeCheck => ({
    kind: 'error',
    error,
    description,
    state,
  })
  for (const name of [
    'response_type',
    'client_id',
    'scope',
    'state',
    'aud',
    'code_challenge',
    'code_challenge_method',
    'nonce',
  ])
    if (get(name) === REPEATED) return fail('invalid_request', `${name} is given more than once`)
  for (const [name, max] of Object.entries(LIMITS)) {
    const value = get(name)
    if (typeof value === 'string' && value.length > max) return fail('invalid_request', `${name} is too long`)
  }
  if (get('response_type') !== 'code')
    return fail('unsupported_response_type', 'only response_type=code is supported')
  if (!state) return fail('invalid_request', 'state is required')
  if (get('code_challenge_method') !== 'S256')
    return fail('invalid_request', 'PKCE with code_challenge_method=S256 is required')
  const challenge = get('code_challenge')
  if (typeof challenge !== 'string' || !CHALLENGE.test(challenge))
    return fail('invalid_request', 'code_challenge is malformed')
  const aud = get('aud')
  if (typeof aud !== 'string' || aud.replace(/\/+$/, '') !== fhirBase)
    return fail('invalid_request', "aud must be this server's FHIR base URL")
  if (get('launch') !== null)
    return fail('invalid_request', 'EHR launch is not supported; use a standalone launch')
  const scopeText = get('scope')
  const scopes = typeof scopeText === 'string' ? splitScopes(scopeText) : []
  if (scopes.length === 0) return fail('invalid_scope', 'scope is required')
  const nonce = get('nonce')
  return {
    kind: 'ok',
    params: {
      redirectUri,
      state,
      codeChallenge: challenge,
      scopes,
      nonce: typeof nonce === 'string' ? nonce : null,
    },
  }
}

/** The redirect URI with the answer added to its query (RFC 6749 4.1.2), plus `iss` (RFC 9207). */
export function answerUrl(redirectUri: string, params: Record<string, string | null>): string {
  const url = new URL(redirectUri)
  for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.set(name, value)
  return url.toString()
}
