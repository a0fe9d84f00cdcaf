// Uploads with progress. `fetch` cannot report how much of a request body has been sent, so
// uploads use XMLHttpRequest, under the same rules as `client.ts`: a root-relative path on this
// origin, the session cookie (same-origin XHR sends it), the CSRF header, no cache.
import { ApiError, assertSameOriginPath, REQUEST_HEADER } from './client.ts'
import { fallbackMessage, isApiErrorBody } from './api-error.ts'

export interface UploadProgress {
  /** Bytes of the request body sent so far. */
  loaded: number
  /** The whole request body in bytes (the file plus the multipart framing). */
  total: number
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void
  signal?: AbortSignal
}

/** Messages for refusals that came without the server's error body (e.g. from a proxy in front). */
function uploadFallback(status: number): string {
  if (status === 413) return 'This file is too big to upload.'
  if (status === 415) return 'This type of file cannot be uploaded. Use a PDF, or a JPEG, PNG or HEIC photo.'
  return fallbackMessage(status)
}

function parse(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function abortError(): DOMException {
  return new DOMException('The upload was cancelled.', 'AbortError')
}

/**
 * POSTs a multipart form and resolves with the parsed JSON answer. Failures reject with `ApiError`
 * exactly like `request()`; cancelling through `signal` rejects with an AbortError.
 */
export function uploadForm<T>(path: string, form: FormData, options: UploadOptions = {}): Promise<T> {
  assertSameOriginPath(path)
  const { onProgress, signal } = options
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError())
    const xhr = new XMLHttpRequest()
    xhr.open('POST', path)
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader(REQUEST_HEADER, '1')
    xhr.setRequestHeader('Cache-Control', 'no-store')
    xhr.responseType = 'text'

    const onAbort = (): void => xhr.abort()
    signal?.addEventListener('abort', onAbort, { once: true })
    const settle = (): void => signal?.removeEventListener('abort', onAbort)

    if (onProgress) {
      xhr.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) onProgress({ loaded: event.loaded, total: event.total })
      })
    }
    xhr.addEventListener('load', () => {
      settle()
      const payload = parse(xhr.responseText)
      if (xhr.status >= 200 && xhr.status < 300) {
        if (payload === undefined) {
          reject(new ApiError(xhr.status, 'bad-response', 'The server sent a response we could not read.'))
        } else {
          // The caller declares the shape; the value is JSON from our own server (as in `request`).
          resolve(payload as T)
        }
        return
      }
      if (isApiErrorBody(payload)) {
        const { code, message, details = [] } = payload.error
        reject(new ApiError(xhr.status, code, message, details))
      } else {
        reject(new ApiError(xhr.status, 'bad-response', uploadFallback(xhr.status)))
      }
    })
    xhr.addEventListener('error', () => {
      settle()
      reject(
        new ApiError(
          0,
          'network',
          'The upload stopped: the server could not be reached. Check your connection and try again.',
        ),
      )
    })
    xhr.addEventListener('abort', () => {
      settle()
      reject(abortError())
    })
    xhr.send(form)
  })
}
