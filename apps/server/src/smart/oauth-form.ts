// The body of /oauth/token, /introspect and /revoke: application/x-www-form-urlencoded only
// (RFC 6749 3.2, appendix B), each parameter at most once, and the client's credentials from
// HTTP Basic or the body (RFC 6749 2.3.1), never both.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { OAuthError } from './oauth-errors.ts'

export type OAuthForm = Record<string, string>
const FORM_LIMIT = 16 * 1024

export function parseOAuthForm(text: string): OAuthForm {
  const form: OAuthForm = {}
  for (const [name, value] of new URLSearchParams(text)) {
    if (Object.hasOwn(form, name))
      throw new OAuthError('invalid_request', `The parameter ${name.slice(0, 40)} is given more than once.`)
    // Empty values are treated as omitted (RFC 6749 3.1).
    if (value !== '') form[name] = value
  }
  return form
}

/** In this plugin scope, only form bodies are accepted (JSON gets a 415, answered as invalid_request). */
export function acceptOnlyForms(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers()
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_LIMIT },
    (_req, body, done) => {
      try {
        done(null, parseOAuthForm(String(body)))
      } catch (err) {
        done(err as Error, undefined)
      }
    },
  )
}

export function formOf(req: FastifyRequest): OAuthForm {
  const body = req.body as OAuthForm | undefined
  if (!body || typeof body !== 'object')
    throw new OAuthError('invalid_request', 'Send the parameters as application/x-www-form-urlencoded.')
  return body
}

export function required(form: OAuthForm, name: string, max = 4096): string {
  const value = form[name]
  if (value === undefined) throw new OAuthError('invalid_request', `The ${name} parameter is required.`)
  if (value.length > max) throw new OAuthError('invalid_request', `The ${name} parameter is too long.`)
  return value
}

export interface ClientCredentials {
  clientId: string
  secret: string | null
}

function basicCredentials(header: string): ClientCredentials {
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 1) throw new OAuthError('invalid_client', 'The Basic credentials are malformed.')
  // RFC 6749 2.3.1: both parts are form-urlencoded before base64.
  const unescape = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '))
  try {
    return { clientId: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) }
  } catch {
    throw new OAuthError('invalid_client', 'The Basic credentials are malformed.')
  }
}

/** client_secret_basic, client_secret_post, or a public client's bare client_id. */
export function clientCredentials(req: FastifyRequest, form: OAuthForm): ClientCredentials {
  const header = req.headers.authorization
  if (header && /^basic /i.test(header)) {
    const basic = basicCredentials(header)
    if (form['client_secret'] !== undefined)
      throw new OAuthError('invalid_request', 'Use one client authentication method, not two.')
    if (form['client_id'] !== undefined && form['client_id'] !== basic.clientId)
      throw new OAuthError('invalid_request', 'client_id does not match the Basic credentials.')
    return basic
  }
  if (header) throw new OAuthError('invalid_client', 'Unsupported client authentication.')
  const clientId = form['client_id']
  if (!clientId) throw new OAuthError('invalid_client', 'The client is not identified (client_id).')
  return { clientId, secret: form['client_secret'] ?? null }
}
