// Why a provider sign-in ended without a session. The browser only ever sees /sign-in?error=oidc
// (no reason, no identifier in the URL: S21, S32); the log gets the reason, never a token, code,
// claim value, email or subject.
import type { FastifyBaseLogger } from 'fastify'
import { AuthorizationResponseError, ResponseBodyError } from 'openid-client'
import { AppError } from '../platform/errors.ts'

export type RefusalReason =
  /** No flow cookie, or one that is tampered, expired or from another browser. */
  | 'no-flow'
  /** The provider answered with an error (the user declined, the provider refused). */
  | 'provider-error'
  /** The answer failed validation: state, PKCE, nonce, signature, issuer, audience, expiry. */
  | 'response-invalid'
  /** No enabled staff account for this subject or verified email. */
  | 'no-account'
  /** The provider could not be reached or is misconfigured. */
  | 'unavailable'

/**
 * An AppError like any other (should one ever reach the error handler, it is a plain 401 or 503),
 * but the routes catch it and redirect: a browser mid-navigation needs a page, not JSON.
 */
export class OidcRefusal extends AppError {
  constructor(
    readonly reason: RefusalReason,
    /** A fixed string from this codebase or an OAuth error code; never a value from a user. */
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(
      reason === 'unavailable' ? 'unavailable' : 'unauthenticated',
      'Signing in with your organisation account did not work.',
      [{ path: 'oidc', message: reason }],
      options,
    )
  }
}

/** OAuth error codes are short ASCII words (RFC 6749 4.1.2.1); anything else is not logged. */
function oauthErrorCode(value: string): string {
  return /^[a-z_]{1,64}$/.test(value) ? value : 'unrecognised'
}

/** Classifies what openid-client threw while finishing the flow. */
export function refusalFromClientError(err: unknown): OidcRefusal {
  if (err instanceof AuthorizationResponseError || err instanceof ResponseBodyError) {
    return new OidcRefusal('provider-error', oauthErrorCode(err.error), { cause: err })
  }
  const code = (err as { code?: unknown } | null)?.code
  const name = err instanceof Error ? err.name : ''
  // fetch's own failures (network, DNS, TLS) are code-less TypeErrors; timeouts are DOMExceptions.
  if ((err instanceof TypeError && code === undefined) || name === 'TimeoutError' || name === 'AbortError') {
    return new OidcRefusal('unavailable', 'provider unreachable', { cause: err })
  }
  return new OidcRefusal(
    'response-invalid',
    typeof code === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(code) ? code : 'unexpected',
    { cause: err },
  )
}

/**
 * Logs a failed flow. Only the reason, a fixed detail and the error's type go to the log: the
 * messages of protocol errors can quote response values, and the cause can hold the whole response.
 */
export function logRefusal(log: FastifyBaseLogger, err: unknown): void {
  if (err instanceof OidcRefusal) {
    const level = err.reason === 'unavailable' ? 'error' : 'warn'
    const cause = err.cause instanceof Error ? err.cause.name : undefined
    log[level]({ reason: err.reason, detail: err.detail, cause }, 'oidc sign-in refused')
    return
  }
  // Not a protocol failure (e.g. the database): a bug or an outage, logged with its stack.
  log.error({ reason: 'internal', err }, 'oidc sign-in failed')
}
