// pino with PHI and secret redaction. The rule (STYLE.md): never log a request body, a message,
// a note, a key or a token. Request logs carry the route template, not the URL: ids and query
// strings can identify a patient.
import pino, { type Logger, type LoggerOptions, type DestinationStream } from 'pino'

const SECRET_KEYS = [
  'password',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'totpSecret',
  'recoveryCodes',
  'key',
  'body',
  'note',
  'text',
  'email',
  'name',
  'birthDate',
  'answers',
]

export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-tessera-request"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  // `message` and `code` only at the top level: nested ones are err.message / err.code, which we keep.
  'message',
  'code',
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
]

interface RequestLike {
  method?: string
  id?: string
  routeOptions?: { url?: string | undefined }
  url?: string
}

/** Route template (e.g. /fhir/R4/Patient/:id) or, for unmatched routes, the path's first segment. */
export function safeRoute(req: RequestLike): string {
  const template = req.routeOptions?.url
  if (template) return template
  const path = (req.url ?? '').split('?')[0] ?? ''
  const first = path.split('/').filter(Boolean)[0]
  return first ? `/${first}/…` : '/'
}

interface ErrorLike {
  name?: string
  code?: unknown
  message?: string
  stack?: string
}

/** Only type, code, message and stack: pg and other errors carry values (e.g. `detail`) that may be PHI. */
export function safeError(err: ErrorLike): Record<string, unknown> {
  return { type: err.name, code: err.code, message: err.message, stack: err.stack }
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: RequestLike) => ({ method: req.method, route: safeRoute(req), requestId: req.id }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: safeError,
    },
  }
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level))
}
export type { Logger }
