// One error type for the whole server, mapped to HTTP once, at the edge (http/error-handler.ts).
export type ErrorCode =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'not-allowed'
  | 'conflict'
  | 'gone'
  | 'precondition-failed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'rate-limited'
  | 'unavailable'
  | 'internal'

export interface ErrorDetail {
  /** Where the problem is: a JSON pointer into the body, a parameter name or a FHIR path. */
  path: string
  message: string
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'not-allowed': 405,
  conflict: 409,
  gone: 410,
  'precondition-failed': 412,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
  unavailable: 503,
  internal: 500,
}

export class AppError extends Error {
  override readonly name = 'AppError'
  /** The account a refused attempt was against (for the audit trail; never sent to the client). */
  subject: { id: string; role: string } | undefined
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }

  get status(): number {
    return HTTP_STATUS[this.code]
  }
}
