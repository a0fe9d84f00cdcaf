// SMART on FHIR authorisation server (README.md here): registered apps, authorisation codes with
// PKCE and a consent screen, short-lived JWT access tokens, rotating revocable refresh tokens.
// It also resolves `Authorization: Bearer` on the routes that accept tokens (the FHIR API).
import type { Kysely } from 'kysely'
import type { Actor } from '../access/actor.ts'
import type { BearerResolver } from '../access/route-access.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import type { SecretBox } from '../platform/secret-box.ts'
import { AuthorizationService } from './authorization-service.ts'
import { GrantStore } from './grant-store.ts'
import { SigningKeys } from './signing-keys.ts'
import { AppRegistry } from './smart-apps.ts'
import { SmartJwt, type SmartUrls } from './smart-jwt.ts'
import { TokenInspection } from './token-inspection.ts'
import { TokenService } from './token-service.ts'

export interface SmartDeps {
  db: Kysely<Database>
  clock: Clock
  box: SecretBox
  /** The public URL people and apps reach Tessera at, without a trailing slash. */
  publicUrl(): string
  /** A staff grant ends with the absolute session limit (S14). */
  sessionAbsoluteHours: number
}

export class SmartService implements BearerResolver {
  readonly urls: SmartUrls
  readonly keys: SigningKeys
  readonly apps: AppRegistry
  readonly grants: GrantStore
  readonly jwt: SmartJwt
  readonly authorization: AuthorizationService
  readonly tokens: TokenService
  readonly inspection: TokenInspection

  constructor(deps: SmartDeps) {
    const { db, clock } = deps
    this.urls = { issuer: () => deps.publicUrl(), fhirBase: () => `${deps.publicUrl()}/fhir/R4` }
    this.keys = new SigningKeys(db, deps.box, clock)
    this.apps = new AppRegistry(db, clock)
    this.grants = new GrantStore(db, clock, deps.sessionAbsoluteHours * 3_600_000)
    this.jwt = new SmartJwt(this.keys, clock, this.urls)
    this.authorization = new AuthorizationService(db, clock, this.apps, this.urls)
    this.tokens = new TokenService(db, clock, this.grants, this.jwt, this.urls)
    this.inspection = new TokenInspection(this.grants, this.jwt, this.urls)
  }

  /**
   * A valid access token (signature, alg, iss, aud, exp) whose grant still works (one query) acts as
   * its person at level 'full' (the grant was made in a full session), never with a fresh second
   * factor (no step-up through a token), limited by `app.scopes`. `sessionId` carries the grant id.
   */
  async resolveBearer(token: string): Promise<Actor | null> {
    const claims = await this.jwt.verifyAccessToken(token)
    if (!claims) return null
    const grant = await this.grants.active(claims.grantId)
    if (!grant || grant.accountId !== claims.accountId || grant.clientId !== claims.clientId) return null
    await this.grants.touch(grant)
    return {
      accountId: grant.accountId,
      role: grant.role,
      prescriber: grant.prescriber,
      specialist: grant.specialist,
      sessionId: grant.id,
      level: 'full',
      methods: [],
      mfaAt: null,
      app: { clientId: grant.clientId, scopes: claims.scopes },
    }
  }
}
