// Token introspection (RFC 7662) and revocation (RFC 7009). An app learns only about its own tokens:
// another app's token introspects as inactive and is left alone by revocation. Revoking either
// kind of token ends the grant behind it, so the app's access and refresh tokens stop together.
import type { GrantStore } from './grant-store.ts'
import type { SmartApp } from './smart-apps.ts'
import type { SmartJwt, SmartUrls } from './smart-jwt.ts'

export type Introspection =
  | { active: false }
  | {
      active: true
      scope: string
      client_id: string
      sub: string
      exp: number
      iat: number
      iss: string
      token_type: 'Bearer' | 'refresh_token'
      aud?: string
      patient?: string
    }

const MAX_TOKEN = 4096

export class TokenInspection {
  constructor(
    private readonly grants: GrantStore,
    private readonly jwt: SmartJwt,
    private readonly urls: SmartUrls,
  ) {}

  async introspect(app: SmartApp, token: string): Promise<{ result: Introspection; grantId: string | null }> {
    const inactive = { result: { active: false as const }, grantId: null }
    if (token.length > MAX_TOKEN) return inactive
    const access = await this.jwt.verifyAccessToken(token)
    if (access) {
      const grant = await this.grants.active(access.grantId)
      if (!grant || grant.clientId !== app.clientId || grant.accountId !== access.accountId) return inactive
      return {
        grantId: grant.id,
        result: {
          active: true,
          scope: access.scopes.join(' '),
          client_id: grant.clientId,
          sub: grant.accountId,
          exp: access.exp,
          iat: access.iat,
          iss: this.urls.issuer(),
          aud: this.urls.fhirBase(),
          token_type: 'Bearer',
          ...(grant.patientId ? { patient: grant.patientId } : {}),
        },
      }
    }
    const refresh = await this.grants.refreshTokenInfo(token)
    const grant = refresh ? await this.grants.active(refresh.grantId) : null
    if (!refresh || !grant || grant.clientId !== app.clientId) return inactive
    return {
      grantId: grant.id,
      result: {
        active: true,
        scope: grant.scopes.join(' '),
        client_id: grant.clientId,
        sub: grant.accountId,
        exp: Math.floor(refresh.expiresAt.getTime() / 1000),
        iat: Math.floor(refresh.createdAt.getTime() / 1000),
        iss: this.urls.issuer(),
        token_type: 'refresh_token',
        ...(grant.patientId ? { patient: grant.patientId } : {}),
      },
    }
  }

  /** The grant ended, or null when the token was unknown, inactive or another app's (still a 200). */
  async revoke(app: SmartApp, token: string): Promise<string | null> {
    const { result, grantId } = await this.introspect(app, token)
    if (!result.active || !grantId) return null
    await this.grants.revoke(grantId, 'client-revoked')
    return grantId
  }
}
