// Apps the clinic registered (admin only). A confidential app's secret is 256 random bits, shown
// once and stored as SHA-256: a slow hash (argon2) protects guessable passwords, and this secret
// is not guessable, so a fast hash loses nothing and keeps every token request cheap (tokens.ts).
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import { generateToken, hashToken, tokenMatchesHash } from '../identity/tokens.ts'
import { isKnownScope, splitScopes } from './scope-grant.ts'
import type { ClientCredentials } from './oauth-form.ts'
import { OAuthError } from './oauth-errors.ts'
import type { SmartAppType } from './smart-tables.ts'

export interface SmartApp {
  clientId: string
  name: string
  type: SmartAppType
  redirectUris: string[]
  scopes: string[]
  createdAt: Date
  disabledAt: Date | null
}

export interface NewSmartApp {
  name: string
  type: SmartAppType
  redirectUris: string[]
  scopes: string[]
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** https, or http to this machine (native and development apps, RFC 8252 7.3); no fragment. */
export function redirectUriProblem(uri: string): string | null {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return 'is not an absolute URL'
  }
  if (url.hash || uri.includes('#')) return 'must not have a #fragment'
  if (url.username || url.password) return 'must not carry credentials'
  if (url.protocol === 'https:') return null
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return null
  return 'must use https (http only to localhost)'
}

type AppRow = Awaited<ReturnType<AppRegistry['row']>>

function toApp(row: NonNullable<AppRow>): SmartApp {
  return {
    clientId: row.client_id,
    name: row.name,
    type: row.type,
    redirectUris: row.redirect_uris,
    scopes: splitScopes(row.scopes),
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  }
}

export class AppRegistry {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async register(
    createdBy: string,
    input: NewSmartApp,
  ): Promise<{ app: SmartApp; clientSecret: string | null }> {
    input.redirectUris.forEach((uri, i) => {
      const problem = redirectUriProblem(uri)
      if (problem)
        throw new AppError('invalid', `Redirect URI ${i + 1} ${problem}.`, [
          { path: `/redirectUris/${i}`, message: problem },
        ])
    })
    input.scopes.forEach((scope, i) => {
      if (!isKnownScope(scope))
        throw new AppError('invalid', `"${scope}" is not a scope Tessera grants.`, [
          { path: `/scopes/${i}`, message: 'unknown scope' },
        ])
    })
    const clientId = randomBytes(16).toString('base64url')
    const clientSecret = input.type === 'confidential' ? generateToken() : null
    await this.db
      .insertInto('smart_app')
      .values({
        client_id: clientId,
        name: input.name.trim(),
        type: input.type,
        secret_hash: clientSecret ? hashToken(clientSecret) : null,
        redirect_uris: JSON.stringify([...new Set(input.redirectUris)]),
        scopes: [...new Set(input.scopes)].join(' '),
        created_by: createdBy,
        created_at: this.clock.now(),
      })
      .execute()
    const app = await this.find(clientId)
    if (!app) throw new Error('registered app vanished')
    return { app, clientSecret }
  }

  async list(): Promise<SmartApp[]> {
    const rows = await this.db.selectFrom('smart_app').selectAll().orderBy('created_at', 'desc').execute()
    return rows.map(toApp)
  }

  async find(clientId: string): Promise<SmartApp | null> {
    const row = await this.row(clientId)
    return row ? toApp(row) : null
  }

  /** Disabling ends every connection people made to the app. */
  async disable(clientId: string): Promise<void> {
    const now = this.clock.now()
    await this.db.transaction().execute(async (tx) => {
      const done = await tx
        .updateTable('smart_app')
        .set({ disabled_at: now })
        .where('client_id', '=', clientId)
        .where('disabled_at', 'is', null)
        .executeTakeFirst()
      if (done.numUpdatedRows === 0n)
        throw new AppError('not-found', 'No such app, or it is already disabled.')
      await tx
        .updateTable('smart_grant')
        .set({ revoked_at: now, revoke_reason: 'app-disabled' })
        .where('client_id', '=', clientId)
        .where('revoked_at', 'is', null)
        .execute()
    })
  }

  /** The enabled app these credentials prove (RFC 6749 2.3); any failure is the same invalid_client. */
  async authenticate(credentials: ClientCredentials): Promise<SmartApp> {
    const row = credentials.clientId.length <= 64 ? await this.row(credentials.clientId) : undefined
    const refused = new OAuthError('invalid_client', 'Client authentication failed.')
    if (!row || row.disabled_at) throw refused
    if (row.type === 'public') {
      if (credentials.secret !== null) throw refused
    } else if (
      credentials.secret === null ||
      !row.secret_hash ||
      !tokenMatchesHash(credentials.secret, row.secret_hash)
    ) {
      throw refused
    }
    return toApp(row)
  }

  private row(clientId: string) {
    return this.db.selectFrom('smart_app').selectAll().where('client_id', '=', clientId).executeTakeFirst()
  }
}
