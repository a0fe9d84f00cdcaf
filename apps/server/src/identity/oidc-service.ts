// Staff sign-in through the clinic's OpenID Connect provider: authorization code flow with PKCE
// (S256), state and nonce (OIDC Core 3.1, RFC 7636, RFC 9700 2.1.1). openid-client does the
// protocol checks: state, the iss response parameter (RFC 9207) when the provider offers it, the
// code exchange with the verifier, and the ID token's signature, iss, aud, exp, iat and nonce.
// This service decides what that sign-in is worth here (oidc-mfa.ts) and for whom (oidc-accounts.ts).
import * as client from 'openid-client'
import type { OidcStatus } from '@tessera/contracts'
import type { IdentityDeps } from './identity-deps.ts'
import type { ClientMeta } from './sign-in-service.ts'
import { FLOW_TTL_MS, type PendingFlow } from './oidc-flow.ts'
import { sessionGrantFor } from './oidc-mfa.ts'
import { staffAccountFor } from './oidc-accounts.ts'
import { OidcRefusal, refusalFromClientError } from './oidc-refusal.ts'
import type { SessionLevel } from './identity-tables.ts'

export const CALLBACK_PATH = '/api/auth/oidc/callback'
/** `email` for the first-time match by address; nothing else is asked of the provider. */
const SCOPE = 'openid email'
/** Plain http to the provider only on the loopback interface (development and tests): S32. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])
/** For every request to the provider (discovery, token, JWKS, UserInfo). */
const REQUEST_TIMEOUT_S = 10

export interface OidcSettings {
  issuer: string
  clientId: string
  clientSecret: string
  /** `acr` values that this provider uses only for multi-factor sign-in (see oidc-mfa.ts). */
  mfaAcrValues: readonly string[]
}

export interface OidcSignIn {
  token: string
  accountId: string
  level: SessionLevel
}

export class OidcService {
  /** The provider's discovered configuration, fetched on first use and kept (retried on failure). */
  private discovered: Promise<client.Configuration> | null = null

  constructor(
    private readonly deps: IdentityDeps,
    private readonly settings: OidcSettings | null,
  ) {}

  static fromConfig(deps: IdentityDeps, mfaAcrValues: readonly string[] = []): OidcService {
    const { oidcIssuer, oidcClientId, oidcClientSecret } = deps.config
    // loadConfig refuses an issuer without the client id and secret, so all three or none.
    const settings =
      oidcIssuer && oidcClientId && oidcClientSecret
        ? { issuer: oidcIssuer, clientId: oidcClientId, clientSecret: oidcClientSecret, mfaAcrValues }
        : null
    return new OidcService(deps, settings)
  }

  get enabled(): boolean {
    return this.settings !== null
  }

  status(): OidcStatus {
    if (!this.settings) return { enabled: false }
    return { enabled: true, providerName: new URL(this.settings.issuer).hostname }
  }

  redirectUri(): string {
    return `${this.deps.publicUrl()}${CALLBACK_PATH}`
  }

  /** The provider's authorization URL and the flow to keep in this browser's sealed cookie. */
  async start(): Promise<{ location: string; flow: PendingFlow }> {
    const config = await this.configuration()
    const flow: PendingFlow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      expiresAt: this.deps.clock.now().getTime() + FLOW_TTL_MS,
    }
    const location = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri(),
      scope: SCOPE,
      response_type: 'code',
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    })
    return { location: location.href, flow }
  }

  /**
   * Finishes the flow this browser started: `query` is the callback's query string. Throws
   * OidcRefusal for anything short of a session.
   */
  async finish(query: string, flow: PendingFlow | null, meta: ClientMeta): Promise<OidcSignIn> {
    if (!flow) throw new OidcRefusal('no-flow', 'missing, tampered or expired flow cookie')
    const config = await this.configuration()
    // The URL the provider redirected to, rebuilt from our own public address (never the Host
    // header): openid-client sends it as redirect_uri in the code exchange.
    const current = new URL(this.redirectUri())
    current.search = query
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>
    try {
      tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      })
    } catch (err) {
      throw refusalFromClientError(err)
    }
    const claims = tokens.claims()
    if (!claims) throw new OidcRefusal('response-invalid', 'no ID token')

    const accountId = await staffAccountFor(this.deps, { issuer: claims.iss, subject: claims.sub }, () =>
      this.verifiedEmail(config, claims, tokens.access_token),
    )
    const grant = sessionGrantFor(claims, this.deps.clock.now(), this.settings?.mfaAcrValues)
    const { token } = await this.deps.sessions.create({
      accountId,
      ...grant,
      ip: meta.ip,
      userAgent: meta.userAgent,
    })
    return { token, accountId, level: grant.level }
  }

  /**
   * The email address, only when the provider says it is verified (OIDC Core 5.1). Many providers
   * put it in the ID token; others only at the UserInfo endpoint, whose answer must be about the
   * same subject (OIDC Core 5.3.2, checked by openid-client).
   */
  private async verifiedEmail(
    config: client.Configuration,
    claims: client.IDToken,
    accessToken: string,
  ): Promise<string | null> {
    let source: Readonly<Record<string, unknown>> = claims
    if (source['email'] === undefined) {
      try {
        source = await client.fetchUserInfo(config, accessToken, claims.sub)
      } catch (err) {
        throw refusalFromClientError(err)
      }
    }
    const email = source['email']
    return source['email_verified'] === true && typeof email === 'string' && email.length <= 254
      ? email
      : null
  }

  private configuration(): Promise<client.Configuration> {
    this.discovered ??= this.discover().catch((err: unknown) => {
      this.discovered = null
      throw err instanceof OidcRefusal ? err : refusalFromClientError(err)
    })
    return this.discovered
  }

  private async discover(): Promise<client.Configuration> {
    if (!this.settings) throw new OidcRefusal('unavailable', 'OIDC is not configured')
    const { issuer, clientId, clientSecret } = this.settings
    const url = new URL(issuer)
    const insecure = url.protocol === 'http:'
    if (insecure && !LOOPBACK.has(url.hostname)) {
      throw new OidcRefusal('unavailable', 'OIDC_ISSUER must be https (http only on loopback)')
    }
    const execute = insecure ? [client.allowInsecureRequests] : []
    const guardedFetch = this.deps.fetch
    // CustomFetchOptions is RequestInit's subset (its `body` may be undefined, which fetch accepts).
    const custom = guardedFetch
      ? (url: string, options: client.CustomFetchOptions) => guardedFetch(url, options as RequestInit)
      : undefined
    const guarded = custom ? { [client.customFetch]: custom } : {}
    const found = await client.discovery(url, clientId, clientSecret, client.ClientSecretBasic(), {
      execute,
      timeout: REQUEST_TIMEOUT_S,
      ...guarded,
    })
    // client_secret_basic is the default (OIDC Discovery 3); use post only where basic is not offered.
    const methods = found.serverMetadata().token_endpoint_auth_methods_supported
    if (!methods || methods.includes('client_secret_basic') || !methods.includes('client_secret_post')) {
      return found
    }
    const post = new client.Configuration(
      found.serverMetadata(),
      clientId,
      clientSecret,
      client.ClientSecretPost(),
    )
    post.timeout = REQUEST_TIMEOUT_S
    if (custom) post[client.customFetch] = custom
    for (const run of execute) run(post)
    return post
  }
}
