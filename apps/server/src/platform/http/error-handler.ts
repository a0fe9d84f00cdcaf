// Every error leaves the server here, once: AppError and Fastify's own errors become a clear 4xx
// naming the problem; anything else is a 500 with a generic body, its cause only in the log.
// FHIR routes answer with an OperationOutcome (FHIR R4 3.1.0.5).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, HTTP_STATUS, type ErrorCode, type ErrorDetail } from '../errors.ts'

const FHIR_ISSUE_CODE: Record<ErrorCode, string> = {
  invalid: 'invalid',
  unauthenticated: 'login',
  forbidden: 'forbidden',
  'not-found': 'not-found',
  'not-allowed': 'not-supported',
  conflict: 'conflict',
  gone: 'deleted',
  'precondition-failed': 'conflict',
  'payload-too-large': 'too-costly',
  'unsupported-media-type': 'not-supported',
  'rate-limited': 'throttled',
  unavailable: 'transient',
  internal: 'exception',
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-allowed',
  409: 'conflict',
  410: 'gone',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
  503: 'unavailable',
}

interface ValidationIssue {
  instancePath?: string
  message?: string
  keyword?: string
  params?: Record<string, unknown>
}

function validationDetails(issues: ValidationIssue[], context: string | undefined): ErrorDetail[] {
  return issues.map((issue) => {
    let path = issue.instancePath ?? ''
    const extra = issue.params?.['additionalProperty']
    const missing = issue.params?.['missingProperty']
    if (typeof extra === 'string') path = `${path}/${extra}`
    if (typeof missing === 'string') path = `${path}/${missing}`
    const where = `${context ?? 'body'}${path}`
    const message =
      typeof extra === 'string'
        ? `unknown field "${extra}"`
        : typeof missing === 'string'
          ? `"${missing}" is required`
          : (issue.message ?? 'is invalid')
    return { path: where, message }
  })
}

/** Turns whatever was thrown into an AppError; unknown errors become `internal`. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err
  const fe = err as FastifyError & { validation?: ValidationIssue[]; validationContext?: string }
  if (fe.validation) {
    const details = validationDetails(fe.validation, fe.validationContext)
    const summary = details.map((d) => `${d.path}: ${d.message}`).join('; ')
    return new AppError('invalid', `invalid request: ${summary}`, details)
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('invalid', 'the request body is not valid JSON', [
        { path: 'body', message: 'malformed JSON' },
      ])
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid', 'the request body is empty but declared as JSON', [
        { path: 'body', message: 'empty body' },
      ])
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload-too-large', 'the request body is too large')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported-media-type', 'this content type is not accepted here')
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('invalid', 'the Content-Length header does not match the body')
    // The router's own refusals (via `frameworkErrors` in app.ts); the path is not echoed back.
    case 'FST_ERR_BAD_URL':
      return new AppError('invalid', 'the address is not valid', [
        { path: 'url', message: 'malformed percent-encoding' },
      ])
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('invalid', 'a part of the address is too long', [
        { path: 'params', message: 'too long' },
      ])
    default:
      break
  }
  // Every database connection stayed busy for the pool's whole wait: the server is overloaded, not
  // broken. A 503 tells the client to try again (pg-pool's message; the database module sets the wait).
  if (err instanceof Error && err.message === 'timeout exceeded when trying to connect') {
    return new AppError('unavailable', 'The service is very busy. Try again in a moment.')
  }
  // JSON.parse errors from a content-type parser, and http-errors style errors below 500.
  if (err instanceof SyntaxError) return new AppError('invalid', 'the request body is not valid JSON')
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500
  const code = CODE_BY_STATUS[status]
  if (code && status < 500) return new AppError(code, fe.message || code)
  // Another 4xx from a plugin (e.g. 416, 431): the client's request is at fault, never a 500.
  if (status >= 400 && status < 500) return new AppError('invalid', 'the request cannot be served as sent')
  return new AppError('internal', 'internal error', [], { cause: err })
}

export function isFhirRequest(req: FastifyRequest): boolean {
  return req.url.startsWith('/fhir/')
}

export function sendError(req: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const status = HTTP_STATUS[error.code]
  const message =
    status >= 500 ? 'Something went wrong on our side. It has been logged; please try again.' : error.message
  const details = status >= 500 ? [] : error.details
  if (isFhirRequest(req)) {
    const issues = (details.length ? details : [{ path: undefined, message }]).map((d) => ({
      severity: 'error',
      code: FHIR_ISSUE_CODE[error.code],
      diagnostics: d.path ? d.message : message,
      ...(d.path ? { expression: [d.path] } : {}),
    }))
    return reply
      .code(status)
      .type('application/fhir+json')
      .send({ resourceType: 'OperationOutcome', issue: issues })
  }
  return reply.code(status).send({
    error: { code: error.code, message, requestId: req.id, ...(details.length ? { details } : {}) },
  })
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const error = toAppError(err)
    if (error.subject) req.auditSubject = error.subject
    if (error.code === 'internal') req.log.error({ err }, 'unhandled error')
    return sendError(req, reply, error)
  })
}
