import type { DocumentCategory, DocumentView } from '@tessera/contracts'
import { useCallback, useEffect, useRef, useState } from 'react'
import { documentsApi } from '../../api/documents.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'

export type UploadState =
  | { status: 'idle' }
  /** `sent` is in the file's own bytes (the request also carries a little multipart framing). */
  | { status: 'sending'; fileName: string; fileSize: number; sent: number; percent: number }
  /** Every byte is sent; the server is checking, encrypting and storing it. */
  | { status: 'saving'; fileName: string; fileSize: number }
  | { status: 'done'; fileName: string; document: DocumentView }
  | { status: 'failed'; fileName: string; message: string }
  | { status: 'cancelled'; fileName: string }

export interface Upload {
  state: UploadState
  start: (patientId: string, category: DocumentCategory, file: File) => void
  cancel: () => void
  /** A refusal found before sending anything (type, empty file), shown like the server's. */
  refuse: (fileName: string, message: string) => void
}

/** One upload at a time, with progress; a new page or a cancel aborts the request. */
export function useUpload(onUploaded: (document: DocumentView) => void): Upload {
  const [state, setState] = useState<UploadState>({ status: 'idle' })
  const controller = useRef<AbortController | null>(null)

  useEffect(() => () => controller.current?.abort(), [])

  const start = useCallback(
    (patientId: string, category: DocumentCategory, file: File) => {
      controller.current?.abort()
      const current = new AbortController()
      controller.current = current
      const { name: fileName, size: fileSize } = file
      setState({ status: 'sending', fileName, fileSize, sent: 0, percent: 0 })
      documentsApi
        .upload({
          patientId,
          category,
          file,
          signal: current.signal,
          onProgress: ({ loaded, total }) => {
            const fraction = total > 0 ? Math.min(1, loaded / total) : 0
            setState(
              fraction >= 1
                ? { status: 'saving', fileName, fileSize }
                : {
                    status: 'sending',
                    fileName,
                    fileSize,
                    sent: Math.round(fileSize * fraction),
                    percent: Math.floor(fraction * 100),
                  },
            )
          },
        })
        .then(
          (document) => {
            setState({ status: 'done', fileName, document })
            onUploaded(document)
          },
          (error: unknown) => {
            if (current.signal.aborted) {
              if (controller.current === current) setState({ status: 'cancelled', fileName })
              return
            }
            setState({ status: 'failed', fileName, message: toSubmitErrors(error).message })
          },
        )
        .finally(() => {
          if (controller.current === current) controller.current = null
        })
    },
    [onUploaded],
  )

  const cancel = useCallback(() => controller.current?.abort(), [])
  const refuse = useCallback(
    (fileName: string, message: string) => setState({ status: 'failed', fileName, message }),
    [],
  )
  return { state, start, cancel, refuse }
}

/**
 * What a screen reader hears: the start, each quarter, the hand-over to the server. Not every
 * percent, which would talk over everything else.
 */
export function progressAnnouncement(state: UploadState): string {
  switch (state.status) {
    case 'sending':
      return state.percent < 25
        ? `Uploading ${state.fileName}.`
        : `Uploading ${state.fileName}: ${Math.floor(state.percent / 25) * 25}% sent.`
    case 'saving':
      return `${state.fileName}: 100% sent. Saving it now.`
    default:
      return ''
  }
}
