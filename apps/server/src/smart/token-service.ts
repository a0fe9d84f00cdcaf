// The token endpoint's two grants (RFC 6749 4.1.3 with RFC 7636 4.6; RFC 6749 6 with rotation).
// A code works once, within 60 seconds, for the app and redirect URI it was issued to, with the
// PKCE verifier that matches its challenge; presenting it again revokes what it produced.
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import { hashToken } from '../identity/tokens.ts'
import type { GrantStore, ActiveGrant } from './grant-store.ts'
import { OAuthError } from './oauth-errors.ts'
import { required, type OAuthForm } from './oauth-form.ts'
import { hasPatientContext, splitScopes } from './scope-grant.ts'
import type { SmartApp } from './smart-apps.ts'
import { ACCESS_TOKEN_SECONDS, type SmartJwt, type SmartUrls } from './smart-jwt.ts'

/** RFC 7636 4.1: 43-128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/

export interface TokenResponse {
  access_token: string
  token_type: 'Bearer'
  expires_in: number
  scope: string
  refresh_token?: string
  id_token?: string
  patient?: string
}

export interface Issued {
  response: TokenResponse
  grant: ActiveGrant
}

const badGrant = (description: string) => new OAuthError('invalid_grant', description)

export class TokenService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly grants: GrantStore,
    private readonly jwt: SmartJwt,
    private readonly urls: SmartUrls,
  ) {}

  async exchangeCode(form: OAuthForm, app: SmartApp): Promise<Issued> {
    const code = required(form, 'code', 100)
    const verifier = required(form, 'code_verifier', 128)
    const redirectUri = required(form, 'redirect_uri')
    const now = this.clock.now()
    const hash = hashToken(code)
    // Spent first, checked after: a failed attempt also uses the code up.
    const row = await this.db
      .updateTable('smart_authorization')
      .set({ code_used_at: now })
      .where('code_hash', '=', hash)
      .where('code_used_at', 'is', null)
      .returningAll()
      .executeTakeFirst()
    if (!row) {
      const spent = await this.db
        .selectFrom('smart_authorization')
        .select('grant_id')
        .where('code_hash', '=', hash)
        .executeTakeFirst()
      const refusal = badGrant('The authorization code is invalid or was already used.')
      throw spent?.grant_id
        ? await this.grants.revokeReplayed(spent.grant_id, 'code-reuse', refusal)
        : refusal
    }
    if (row.client_id !== app.clientId) throw badGrant('The authorization code was issued to another client.')
    if (!row.code_expires_at || row.code_expires_at <= now)
      throw badGrant('The authorization code has expired.')
    if (row.redirect_uri !== redirectUri)
      throw badGrant('redirect_uri does not match the authorization request.')
    if (!VERIFIER.test(verifier)) throw new OAuthError('invalid_request', 'code_verifier is malformed.')
    const challenge = createHash('sha256').update(verifier, 'ascii').digest('base64url')
    if (challenge !== row.code_challenge) throw badGrant('The PKCE code_verifier does not match.')
    if (!row.account_id || !row.granted_scopes) throw badGrant('The authorization code is invalid.')

    const scopes = splitScopes(row.granted_scopes)
    const account = await this.db
      .selectFrom('account')
      .select(['role', 'disabled_at'])
      .where('id', '=', row.account_id)
      .executeTakeFirst()
    if (!account || account.disabled_at) throw badGrant('The account is not available.')
    const patientId = account.role === 'patient' && hasPatientContext(scopes) ? row.account_id : null
    const grantId = await this.grants.create({
      accountId: row.account_id,
      clientId: app.clientId,
      scopes,
      patientId,
    })
    await this.db
      .updateTable('smart_authorization')
      .set({ grant_id: grantId })
      .where('id', '=', row.id)
      .execute()
    const grant = await this.grants.active(grantId)
    if (!grant) throw badGrant('The account is not available.')
    return { grant, response: await this.issue(grant, scopes, { nonce: row.nonce }) }
  }

  async refresh(form: OAuthForm, app: SmartApp): Promise<Issued> {
    const token = required(form, 'refresh_token', 100)
    const use = await this.grants.useRefreshToken(token)
    if (use.kind === 'replayed') {
      // RFC 6749 10.4 / OAuth 2.0 Security BCP 4.14.2: a replayed refresh token means one of two
      // parties holds a stolen copy; end the grant for both.
      const refusal = badGrant('The refresh token was already used; the connection has been ended.')
      throw await this.grants.revokeReplayed(use.grantId, 'refresh-token-reuse', refusal)
    }
    if (use.kind === 'invalid') throw badGrant('The refresh token is invalid or expired.')
    const grant = await this.grants.active(use.grantId)
    if (!grant || grant.clientId !== app.clientId) throw badGrant('The refresh token is invalid or expired.')
    let scopes = grant.scopes
    const asked = form['scope']
    if (asked !== undefined) {
      // RFC 6749 6: a narrower scope may be asked for, never a wider one.
      const narrower = splitScopes(asked)
      if (narrower.some((s) => !grant.scopes.includes(s)))
        throw new OAuthError('invalid_scope', 'The scope asked for is wider than what was granted.')
      scopes = narrower
    }
    await this.grants.touch(grant)
    return { grant, response: await this.issue(grant, scopes, null) }
  }

  /** Access token always; refresh token with offline_access; ID token on the code exchange with openid. */
  private async issue(grant: ActiveGrant, scopes: string[], idToken: { nonce: string | null } | null) {
    const response: TokenResponse = {
      access_token: await this.jwt.accessToken({
        accountId: grant.accountId,
        clientId: grant.clientId,
        grantId: grant.id,
        scopes,
      }),
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      scope: scopes.join(' '),
    }
    if (grant.scopes.includes('offline_access'))
      response.refresh_token = await this.grants.issueRefreshToken(grant.id)
    if (idToken && scopes.includes('openid')) {
      const fhirUser =
        scopes.includes('fhirUser') && grant.role === 'patient'
          ? `${this.urls.fhirBase()}/Patient/${grant.accountId}`
          : null
      response.id_token = await this.jwt.idToken({
        accountId: grant.accountId,
        clientId: grant.clientId,
        nonce: idToken.nonce,
        fhirUser,
      })
    }
    if (grant.patientId) response.patient = grant.patientId
    return response
  }
}
