// The document vault: upload (with progress), list, fetch the bytes, review.
import type { DocumentCategory, DocumentList, DocumentReviewBody, DocumentView } from '@tessera/contracts'
import { api, download, type DownloadedFile } from './client.ts'
import { uploadForm, type UploadProgress } from './upload.ts'

const patientPath = (patientId: string): string => `/api/patients/${encodeURIComponent(patientId)}/documents`
const documentPath = (documentId: string): string => `/api/documents/${encodeURIComponent(documentId)}`

export interface UploadDocumentInput {
  patientId: string
  category: DocumentCategory
  file: File
  onProgress?: (progress: UploadProgress) => void
  signal?: AbortSignal
}

export const documentsApi = {
  list: (patientId: string, signal?: AbortSignal) =>
    api.get<DocumentList>(patientPath(patientId), signal ? { signal } : {}),

  /** The category goes first: the server reads the fields before it streams the file part. */
  upload: ({ patientId, category, file, onProgress, signal }: UploadDocumentInput): Promise<DocumentView> => {
    const form = new FormData()
    form.append('category', category)
    form.append('file', file, file.name)
    return uploadForm<DocumentView>(patientPath(patientId), form, {
      ...(onProgress ? { onProgress } : {}),
      ...(signal ? { signal } : {}),
    })
  },

  /** The stored bytes (sent as an attachment); decrypted and integrity-checked by the server. */
  content: (documentId: string, signal?: AbortSignal): Promise<DownloadedFile> =>
    download(`${documentPath(documentId)}/content`, signal ? { signal } : {}),

  review: (documentId: string, body: DocumentReviewBody) =>
    api.post<DocumentView>(`${documentPath(documentId)}/review`, body),
}
