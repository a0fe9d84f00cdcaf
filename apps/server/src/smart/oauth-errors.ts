// OAuth 2.0 error answers (RFC 6749 5.2, RFC 7009 2.2.1, RFC 7662 2.3): a JSON body with `error` and
// `error_description`, never our usual error shape, on the /oauth endpoints apps call directly.
// Descriptions are fixed texts: never a token, a secret or a value from the request.
import type { FastifyInstance } from 'fastify'
import { toAppError } from '../platform/http/error-handler.ts'
import type { ErrorCode } from '../platform/errors.ts'

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'server_error'
  | 'temporarily_unavailable'

export class OAuthError extends Error {
  override readonly name = 'OAuthError'
  /** The account a refused exchange was for (audit only; never sent). */
  subject: { id: string; role: string } | undefined
  /** The grant a refused exchange ended (a replayed code or refresh token; audit only). */
  grantId: string | undefined
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = error === 'invalid_client' ? 401 : 400,
  ) {
    super(description)
  }
}

const FROM_APP_ERROR: Partial<Record<ErrorCode, { error: OAuthErrorCode; status: number }>> = {
  invalid: { error: 'invalid_request', status: 400 },
  forbidden: { error: 'invalid_request', status: 403 },
  'not-found': { error: 'invalid_request', status: 404 },
  'unsupported-media-type': { error: 'invalid_request', status: 400 },
  'payload-too-large': { error: 'invalid_request', status: 413 },
  'rate-limited': { error: 'temporarily_unavailable', status: 429 },
  unavailable: { error: 'temporarily_unavailable', status: 503 },
}

/** Installs the OAuth error shape on the routes of this (encapsulated) plugin scope. */
export function installOAuthErrors(scope: FastifyInstance): void {
  scope.setErrorHandler((err, req, reply) => {
    let answer: OAuthError
    if (err instanceof OAuthError) {
      answer = err
      if (err.subject) req.auditSubject = err.subject
      if (err.grantId) req.auditEntities = [...(req.auditEntities ?? []), `SmartGrant/${err.grantId}`]
    } else {
      const appError = toAppError(err)
      const mapped = FROM_APP_ERROR[appError.code]
      if (!mapped) req.log.error({ err }, 'oauth endpoint failed')
      answer = mapped
        ? new OAuthError(mapped.error, appError.message, mapped.status)
        : new OAuthError('server_error', 'Something went wrong on our side.', 500)
    }
    // RFC 6749 5.2: a client that tried HTTP Basic gets the scheme back with its 401.
    if (answer.status === 401 && /^basic /i.test(req.headers.authorization ?? ''))
      reply.header('www-authenticate', 'Basic realm="tessera"')
    return reply
      .code(answer.status)
      .header('pragma', 'no-cache')
      .send({ error: answer.error, error_description: answer.description })
  })
}
