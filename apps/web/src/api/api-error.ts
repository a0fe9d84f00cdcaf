// The server's error body (STYLE.md "Errors"): one shape for every route, mapped once at the edge.
// `code` is one of the server's AppError codes; the client adds `network` and `bad-response` for
// failures that never produced such a body.

export type ServerErrorCode =
  'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'rate-limited' | 'internal'

export type ClientErrorCode = 'network' | 'bad-response'

export interface ApiErrorDetail {
  /** Which input the message is about, e.g. `/email` or `email`. */
  readonly path: string
  readonly message: string
}

export interface ApiErrorBody {
  error: {
    code: string
    message: string
    details?: ApiErrorDetail[]
  }
}

export class ApiError extends Error {
  override readonly name = 'ApiError'
  /** HTTP status; 0 when the request never reached the server. */
  readonly status: number
  /** A ServerErrorCode or ClientErrorCode; typed as string so a newer server cannot break parsing. */
  readonly code: string
  readonly details: readonly ApiErrorDetail[]

  constructor(status: number, code: string, message: string, details: readonly ApiErrorDetail[] = []) {
    super(message)
    this.status = status
    this.code = code
    this.details = details
  }

  /**
   * Field messages keyed by the first segment of each detail's path (`body/email` or `/email` -> `email`), the
   * shape React Aria's `<Form validationErrors>` expects.
   */
  fieldErrors(): Record<string, string[]> {
    const out: Record<string, string[]> = {}
    for (const detail of this.details) {
      const field = detail.path
        .replace(/^(body|query|params)(?=[/.])/, '')
        .replace(/^[/.]+/, '')
        .split(/[/.[]/)[0]
      if (!field) continue
      ;(out[field] ??= []).push(detail.message)
    }
    return out
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isDetail(value: unknown): value is ApiErrorDetail {
  return isRecord(value) && typeof value.path === 'string' && typeof value.message === 'string'
}

/** Narrows an unknown JSON value to the server's error shape; anything else is not trusted. */
export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (!isRecord(value) || !isRecord(value.error)) return false
  const { code, message, details } = value.error
  if (typeof code !== 'string' || typeof message !== 'string') return false
  return details === undefined || (Array.isArray(details) && details.every(isDetail))
}

/**
 * What the server says about the session on a refused request (`details[0]` on `path: 'session'`):
 * sign in again, finish the second factor, or confirm with a second factor (step-up).
 */
export type SessionSignal = 'signed-out' | 'mfa-required' | 'step-up-required'

const SESSION_SIGNALS: readonly string[] = ['signed-out', 'mfa-required', 'step-up-required']

function isSessionSignal(value: string): value is SessionSignal {
  return SESSION_SIGNALS.includes(value)
}

/** The session signal carried by an error, or null when it carries none. */
export function sessionSignal(error: unknown): SessionSignal | null {
  if (!(error instanceof ApiError)) return null
  const detail = error.details.find((d) => d.path === 'session')
  return detail && isSessionSignal(detail.message) ? detail.message : null
}

/** A message safe to show a person for a failure that carried no usable server message. */
export function fallbackMessage(status: number): string {
  if (status === 429) return 'Too many attempts. Wait a moment and try again.'
  if (status >= 500) return 'Something went wrong on our side. Try again in a moment.'
  return `The request could not be completed (status ${status}). Try again.`
}
