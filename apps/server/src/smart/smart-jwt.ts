// Signed tokens: access tokens as JWTs (RFC 9068 profile: `typ: at+jwt`, iss, sub, aud = the FHIR
// base URL, client_id, scope, jti) and OpenID Connect ID tokens (with SMART's fhirUser). Verified
// with the algorithm pinned, issuer, audience, type and expiry checked against the server clock.
import { randomUUID } from 'node:crypto'
import { SignJWT, jwtVerify, type JWTPayload } from 'jose'
import type { Clock } from '../platform/clock.ts'
import { TOKEN_ALG, type SigningKeys } from './signing-keys.ts'

/** Access tokens live 5 minutes: a stolen one is short-lived, and revocation needs no denylist. */
export const ACCESS_TOKEN_SECONDS = 300
export const ID_TOKEN_SECONDS = 300
const MAX_TOKEN_LENGTH = 4096

export interface AccessClaims {
  accountId: string
  clientId: string
  grantId: string
  scopes: readonly string[]
  exp: number
  iat: number
}

export interface SmartUrls {
  /** The authorisation server's issuer: the public URL, no trailing slash. */
  issuer(): string
  /** The FHIR base URL the tokens are for (SMART `aud`). */
  fhirBase(): string
}

export class SmartJwt {
  constructor(
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
    private readonly urls: SmartUrls,
  ) {}

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000)
  }

  async accessToken(claims: Omit<AccessClaims, 'exp' | 'iat'>): Promise<string> {
    const { kid, privateKey } = await this.keys.signingKey()
    const now = this.nowSeconds()
    return new SignJWT({
      client_id: claims.clientId,
      scope: claims.scopes.join(' '),
      grant_id: claims.grantId,
    })
      .setProtectedHeader({ alg: TOKEN_ALG, kid, typ: 'at+jwt' })
      .setIssuer(this.urls.issuer())
      .setSubject(claims.accountId)
      .setAudience(this.urls.fhirBase())
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + ACCESS_TOKEN_SECONDS)
      .sign(privateKey)
  }

  async idToken(input: {
    accountId: string
    clientId: string
    nonce: string | null
    fhirUser: string | null
  }) {
    const { kid, privateKey } = await this.keys.signingKey()
    const now = this.nowSeconds()
    const claims: JWTPayload = {
      ...(input.nonce ? { nonce: input.nonce } : {}),
      ...(input.fhirUser ? { fhirUser: input.fhirUser } : {}),
    }
    return new SignJWT(claims)
      .setProtectedHeader({ alg: TOKEN_ALG, kid, typ: 'JWT' })
      .setIssuer(this.urls.issuer())
      .setSubject(input.accountId)
      .setAudience(input.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + ID_TOKEN_SECONDS)
      .sign(privateKey)
  }

  /** The claims of a valid, unexpired access token of ours, or null (never throws on bad input). */
  async verifyAccessToken(token: string): Promise<AccessClaims | null> {
    if (token.length > MAX_TOKEN_LENGTH) return null
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          const key = header.kid ? await this.keys.verificationKey(header.kid) : undefined
          if (!key) throw new Error('unknown signing key')
          return key
        },
        {
          algorithms: [TOKEN_ALG],
          issuer: this.urls.issuer(),
          audience: this.urls.fhirBase(),
          typ: 'at+jwt',
          currentDate: this.clock.now(),
          requiredClaims: ['sub', 'exp', 'iat', 'jti', 'client_id', 'scope', 'grant_id'],
        },
      )
      const { sub, client_id, scope, grant_id, exp, iat } = payload
      if (typeof client_id !== 'string' || typeof scope !== 'string' || typeof grant_id !== 'string')
        return null
      if (!sub || exp === undefined || iat === undefined) return null
      return { accountId: sub, clientId: client_id, grantId: grant_id, scopes: scope.split(' '), exp, iat }
    } catch {
      return null
    }
  }
}
