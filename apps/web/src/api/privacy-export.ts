// "Download all my data": the signed-in patient's whole export (a ZIP streamed by the server with
// its exact Content-Length), read chunk by chunk so the page can show real progress; and the list
// of copies the patient took. Same rules as client.ts: same origin, no cache, the CSRF header.
import { PRIVACY_EXPORT_PATH, type PrivacyDownloads } from '@tessera/contracts'
import { api, ApiError, REQUEST_HEADER, type DownloadedFile } from './client.ts'
import { fallbackMessage, isApiErrorBody } from './api-error.ts'

export interface ExportProgress {
  received: number
  /** From Content-Length; null if the server did not send one. */
  total: number | null
}

const CUT_SHORT =
  'The download stopped before the end, so no file was saved. Check your connection and try again; if it happens again, tell the clinic.'

async function refusal(response: Response): Promise<ApiError> {
  const payload: unknown = await response.json().catch(() => null)
  if (isApiErrorBody(payload)) {
    const { code, message, details = [] } = payload.error
    return new ApiError(response.status, code, message, details)
  }
  return new ApiError(response.status, 'bad-response', fallbackMessage(response.status))
}

function attachmentName(disposition: string | null): string | null {
  return (disposition ? /filename="([^"\\/]+)"/.exec(disposition)?.[1] : null) ?? null
}

export const privacyExportApi = {
  /**
   * Downloads the whole export, calling `onProgress` as bytes arrive. Resolves only with every byte
   * the server announced; a transfer cut short (the server stops when a document fails its check)
   * rejects, so a partial archive is never saved as if it were complete.
   */
  async downloadAll(
    onProgress: (progress: ExportProgress) => void,
    signal?: AbortSignal,
  ): Promise<DownloadedFile> {
    const init: RequestInit = {
      method: 'GET',
      headers: new Headers({ [REQUEST_HEADER]: '1' }),
      credentials: 'same-origin',
      mode: 'same-origin',
      cache: 'no-store',
    }
    if (signal) init.signal = signal
    let response: Response
    try {
      response = await fetch(PRIVACY_EXPORT_PATH, init)
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
      throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.')
    }
    if (!response.ok) throw await refusal(response)
    const length = Number(response.headers.get('content-length'))
    const total = Number.isSafeInteger(length) && length > 0 ? length : null
    if (!response.body) throw new ApiError(response.status, 'bad-response', CUT_SHORT)
    const reader = response.body.getReader()
    const chunks: Uint8Array<ArrayBuffer>[] = []
    let received = 0
    onProgress({ received, total })
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        chunks.push(value)
        received += value.byteLength
        onProgress({ received, total })
      }
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
      throw new ApiError(0, 'network', CUT_SHORT)
    }
    if (total !== null && received !== total) throw new ApiError(0, 'bad-response', CUT_SHORT)
    return {
      blob: new Blob(chunks, { type: 'application/zip' }),
      fileName: attachmentName(response.headers.get('content-disposition')),
    }
  },

  /** Copies of the whole record the patient took, newest first (always their own). */
  downloads: (signal?: AbortSignal) =>
    api.get<PrivacyDownloads>('/api/privacy/downloads', signal ? { signal } : {}),
}
