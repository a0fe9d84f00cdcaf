// When does the provider's sign-in count as multi-factor (S7)? Only on what the signed ID token
// says, read strictly:
//   1. `amr` (RFC 8176 section 2) contains "mfa"; or
//   2. `amr` names a possession method AND a knowledge or inherence method: two different kinds of
//      factor (NIST SP 800-63B 4.2: something you have + something you know or are). Biometrics
//      alone never count (800-63B 5.2.3: only together with a physical authenticator); two methods
//      of the same kind ("otp" + "sms") are one factor kind, not two; "mca", "rba", "geo", "wia",
//      "user" are not factors; unknown values are ignored; or
//   3. `acr` equals one of the values the administrator names as MFA at this provider (e.g. a
//      Keycloak level of assurance or "http://schemas.openid.net/pape/policies/2007/06/multi-factor").
// Anything else is single-factor: the session is `partial` and Tessera asks for its own factor.
//
// The time of the factor check (for step-up, S17) is the ID token's `auth_time` (OIDC Core 2):
// with single sign-on the provider may not have asked for anything just now, so "now" would
// overstate freshness. Without `auth_time` it is unknown (null): full access, but a sensitive action
// asks for a Tessera factor first.
import type { AuthMethod, SessionLevel } from './identity-tables.ts'

/** RFC 8176 section 2, by kind of factor. */
const KNOWLEDGE: ReadonlySet<string> = new Set(['pwd', 'pin', 'kba'])
const POSSESSION: ReadonlySet<string> = new Set(['hwk', 'swk', 'otp', 'sms', 'tel', 'sc', 'pop'])
const INHERENCE: ReadonlySet<string> = new Set(['fpt', 'face', 'iris', 'retina', 'vbm'])

export interface AuthenticationClaims {
  amr?: unknown
  acr?: unknown
  auth_time?: unknown
}

export interface SessionGrant {
  level: SessionLevel
  methods: AuthMethod[]
  mfaAt: Date | null
}

export function isMultiFactor(claims: AuthenticationClaims, mfaAcrValues: readonly string[] = []): boolean {
  if (typeof claims.acr === 'string' && mfaAcrValues.includes(claims.acr)) return true
  if (!Array.isArray(claims.amr)) return false
  const amr = claims.amr.filter((v): v is string => typeof v === 'string')
  if (amr.includes('mfa')) return true
  const has = (kind: ReadonlySet<string>): boolean => amr.some((v) => kind.has(v))
  return has(POSSESSION) && (has(KNOWLEDGE) || has(INHERENCE))
}

/** The session a provider sign-in earns, from the ID token's claims. */
export function sessionGrantFor(
  claims: AuthenticationClaims,
  now: Date,
  mfaAcrValues: readonly string[] = [],
): SessionGrant {
  if (!isMultiFactor(claims, mfaAcrValues)) return { level: 'partial', methods: ['oidc'], mfaAt: null }
  const authTime = claims.auth_time
  const mfaAt =
    typeof authTime === 'number' && Number.isFinite(authTime)
      ? new Date(Math.min(authTime * 1000, now.getTime()))
      : null
  return { level: 'full', methods: ['oidc-mfa'], mfaAt }
}
