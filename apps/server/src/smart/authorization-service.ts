// The authorisation code flow up to the code: a checked /oauth/authorize request is kept as a
// pending request (10 minutes); the person signs in (password + second factor) and sees the consent
// screen; their decision answers the app at its redirect URI with a one-time code (60 seconds) or
// `access_denied`. A request is bound to the first person who opens it.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Actor } from '../access/actor.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import { generateToken, hashToken } from '../identity/tokens.ts'
import { answerUrl, checkAuthorize, refusal, single, type RefusalReason } from './authorize-request.ts'
import { grantableScopes, splitScopes } from './scope-grant.ts'
import { describeScope } from './scope-words.ts'
import type { AppRegistry } from './smart-apps.ts'
import type { SmartUrls } from './smart-jwt.ts'

export const REQUEST_MS = 10 * 60_000
export const CODE_MS = 60_000
/** Finished and abandoned requests are kept a day (code replays are recognised that long). */
const KEEP_MS = 24 * 3600_000

export type AuthorizeOutcome =
  | { kind: 'refused'; reason: RefusalReason; clientId: string | null }
  | { kind: 'redirect'; location: string; clientId: string }

export interface ConsentView {
  requestId: string
  app: { clientId: string; name: string }
  /** Where the browser goes afterwards (scheme, host and port), so the person can recognise the app. */
  redirectOrigin: string
  scopes: Array<{ scope: string; text: string }>
  expiresAt: string
}

const notFound = () =>
  new AppError('not-found', 'This request has ended or does not exist. Start again from the app.')

export class AuthorizationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly apps: AppRegistry,
    private readonly urls: SmartUrls,
  ) {}

  async start(query: Record<string, unknown>): Promise<AuthorizeOutcome> {
    const clientId = single(query, 'client_id')
    const app = typeof clientId === 'string' && clientId.length <= 64 ? await this.apps.find(clientId) : null
    const redirectUri = single(query, 'redirect_uri')
    const refused = refusal(app, redirectUri)
    if (refused || !app || typeof redirectUri !== 'string') {
      return { kind: 'refused', reason: refused ?? 'bad-request', clientId: app?.clientId ?? null }
    }
    const iss = this.urls.issuer()
    const checked = checkAuthorize(query, app, redirectUri, this.urls.fhirBase())
    if (checked.kind === 'error') {
      const { error, description, state } = checked
      const location = answerUrl(redirectUri, { error, error_description: description, state, iss })
      return { kind: 'redirect', location, clientId: app.clientId }
    }
    const now = this.clock.now()
    const id = randomUUID()
    await this.db
      .deleteFrom('smart_authorization')
      .where('expires_at', '<', new Date(now.getTime() - KEEP_MS))
      .execute()
    await this.db
      .insertInto('smart_authorization')
      .values({
        id,
        client_id: app.clientId,
        redirect_uri: checked.params.redirectUri,
        state: checked.params.state,
        code_challenge: checked.params.codeChallenge,
        requested_scopes: checked.params.scopes.join(' '),
        nonce: checked.params.nonce,
        created_at: now,
        expires_at: new Date(now.getTime() + REQUEST_MS),
      })
      .execute()
    return { kind: 'redirect', location: `${iss}/connect/${id}`, clientId: app.clientId }
  }

  /** The consent screen's content, for the person who opened the request first. */
  async view(actor: Actor, requestId: string): Promise<ConsentView> {
    const row = await this.pending(requestId)
    if (!row) throw notFound()
    if (row.account_id === null) {
      const claimed = await this.db
        .updateTable('smart_authorization')
        .set({ account_id: actor.accountId })
        .where('id', '=', requestId)
        .where('account_id', 'is', null)
        .executeTakeFirst()
      if (claimed.numUpdatedRows === 0n) return this.view(actor, requestId)
    } else if (row.account_id !== actor.accountId) {
      throw notFound()
    }
    const app = await this.apps.find(row.client_id)
    if (!app || app.disabledAt) throw notFound()
    const scopes = grantableScopes(splitScopes(row.requested_scopes), app.scopes, actor.role)
    return {
      requestId,
      app: { clientId: app.clientId, name: app.name },
      redirectOrigin: new URL(row.redirect_uri).origin,
      scopes: scopes.map((scope) => ({ scope, text: describeScope(scope) })),
      expiresAt: row.expires_at.toISOString(),
    }
  }

  /** Allow or deny; the answer is the URL to send the browser to. Each request is decided once. */
  async decide(
    actor: Actor,
    requestId: string,
    allow: boolean,
  ): Promise<{ redirectTo: string; clientId: string }> {
    const now = this.clock.now()
    const row = await this.db
      .updateTable('smart_authorization')
      .set({ decided_at: now })
      .where('id', '=', requestId)
      .where('account_id', '=', actor.accountId)
      .where('decided_at', 'is', null)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst()
    if (!row) throw notFound()
    const app = await this.apps.find(row.client_id)
    if (!app || app.disabledAt) throw notFound()
    const answer = (params: Record<string, string>) => ({
      redirectTo: answerUrl(row.redirect_uri, { ...params, state: row.state, iss: this.urls.issuer() }),
      clientId: app.clientId,
    })
    if (!allow) return answer({ error: 'access_denied', error_description: 'The person declined.' })
    const scopes = grantableScopes(splitScopes(row.requested_scopes), app.scopes, actor.role)
    if (scopes.length === 0)
      return answer({ error: 'invalid_scope', error_description: 'Nothing requested can be granted.' })
    const code = generateToken()
    await this.db
      .updateTable('smart_authorization')
      .set({
        granted_scopes: scopes.join(' '),
        code_hash: hashToken(code),
        code_expires_at: new Date(now.getTime() + CODE_MS),
      })
      .where('id', '=', requestId)
      .execute()
    return answer({ code })
  }

  private pending(requestId: string) {
    return this.db
      .selectFrom('smart_authorization')
      .select(['id', 'client_id', 'redirect_uri', 'requested_scopes', 'account_id', 'expires_at'])
      .where('id', '=', requestId)
      .where('decided_at', 'is', null)
      .where('expires_at', '>', this.clock.now())
      .executeTakeFirst()
  }
}
