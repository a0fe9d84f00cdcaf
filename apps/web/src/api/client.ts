// The one way the web app talks to the server. Same origin only: the CSP allows `connect-src 'self'`
// and the session cookie is `__Host-` scoped, so an absolute URL here is always a bug.
import { ApiError, fallbackMessage, isApiErrorBody } from './api-error.ts'

export { ApiError, sessionSignal } from './api-error.ts'
export type {
  ApiErrorBody,
  ApiErrorDetail,
  ClientErrorCode,
  ServerErrorCode,
  SessionSignal,
} from './api-error.ts'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestOptions {
  /** A JSON-serialisable body; sent with `Content-Type: application/json`. */
  body?: unknown
  signal?: AbortSignal
}

/** Header the server requires on state-changing requests (CSRF defence: a cross-site form cannot set it). */
export const REQUEST_HEADER = 'X-Tessera-Request'

/**
 * Rejects anything but a root-relative path on this origin (`/api/...`). Protocol-relative
 * (`//host`), backslash tricks and absolute URLs are refused before any request is made.
 */
export function assertSameOriginPath(path: string): void {
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) {
    throw new TypeError('API paths must be relative to this origin, like /api/…')
  }
  const url = new URL(path, window.location.origin)
  if (url.origin !== window.location.origin) {
    throw new TypeError('API paths must be relative to this origin, like /api/…')
  }
}

/**
 * Sends a request and returns the parsed JSON body (or `undefined` for 204 / an empty body).
 * Failures throw `ApiError`: the server's own code and message when it sent its error shape, a
 * client code (`network`, `bad-response`) otherwise. An aborted request rethrows the AbortError.
 *
 * The result type is the caller's declaration, not a runtime check; schemas from
 * `packages/contracts` will narrow it once the routes exist.
 */
export async function request<T = unknown>(
  method: HttpMethod,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  assertSameOriginPath(path)
  const headers = new Headers({ Accept: 'application/json', [REQUEST_HEADER]: '1' })
  const init: RequestInit = {
    method,
    headers,
    credentials: 'same-origin',
    mode: 'same-origin',
    cache: 'no-store',
  }
  if (options.body !== undefined) {
    headers.set('Content-Type', 'application/json')
    init.body = JSON.stringify(options.body)
  }
  if (options.signal) init.signal = options.signal

  let response: Response
  try {
    response = await fetch(path, init)
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.')
  }

  const payload = await readJson(response)
  if (!response.ok) throw toApiError(response.status, payload)
  if (payload === parseFailure) {
    throw new ApiError(response.status, 'bad-response', 'The server sent a response we could not read.')
  }
  // The caller declares the shape (see the doc comment); the value is JSON from our own server.
  return payload as T
}

const parseFailure = Symbol('parse-failure')

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined
  // A body cut off is not an empty body: an abort stays an abort (the caller moved on), anything
  // else is an answer we could not read.
  const text = await response.text().catch((cause: unknown) => {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    return null
  })
  if (text === null) return parseFailure
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return parseFailure
  }
}

function toApiError(status: number, payload: unknown): ApiError {
  if (isApiErrorBody(payload)) {
    const { code, message, details = [] } = payload.error
    return new ApiError(status, code, message, details)
  }
  return new ApiError(status, 'bad-response', fallbackMessage(status))
}

/** A file the server sends as an attachment (an export), and the name it suggested. */
export interface DownloadedFile {
  blob: Blob
  fileName: string | null
}

function attachmentName(disposition: string | null): string | null {
  const match = disposition ? /filename="([^"\\/]+)"/.exec(disposition) : null
  return match?.[1] ?? null
}

/**
 * Fetches a file from this origin with the same rules as `request` (same-origin, no cache, the
 * CSRF header). A refusal becomes `ApiError` exactly as for JSON calls, so step-up works the same.
 */
export async function download(
  path: string,
  options: Omit<RequestOptions, 'body'> = {},
): Promise<DownloadedFile> {
  assertSameOriginPath(path)
  const init: RequestInit = {
    method: 'GET',
    headers: new Headers({ [REQUEST_HEADER]: '1' }),
    credentials: 'same-origin',
    mode: 'same-origin',
    cache: 'no-store',
  }
  if (options.signal) init.signal = options.signal
  let response: Response
  try {
    response = await fetch(path, init)
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.')
  }
  if (!response.ok) throw toApiError(response.status, await readJson(response))
  return {
    blob: await response.blob(),
    fileName: attachmentName(response.headers.get('content-disposition')),
  }
}

export const api = {
  get: <T = unknown>(path: string, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('GET', path, options),
  post: <T = unknown>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('POST', path, { ...options, body }),
  put: <T = unknown>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('PUT', path, { ...options, body }),
  patch: <T = unknown>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('PATCH', path, { ...options, body }),
  delete: <T = unknown>(path: string, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('DELETE', path, options),
}
