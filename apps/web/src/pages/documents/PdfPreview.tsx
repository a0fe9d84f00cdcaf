// Loaded on demand (React.lazy in DocumentPreview): pdf.js and its worker are ~400 KB gzipped, so
// they come only when a clinician opens a PDF, never with the patient portal.
import { getDocument, GlobalWorkerOptions, VerbosityLevel, type PDFDocumentProxy } from 'pdfjs-dist'
// A file from our own origin (`worker-src 'self'`), never a CDN; Vite copies it into /assets/.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'
import { useEffect, useState } from 'react'
import { Alert } from '../../components/Alert.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PdfPage } from './PdfPage.tsx'

GlobalWorkerOptions.workerSrc = workerUrl

/** Nothing that compiles code at run time or needs more than `script-src 'self'` (see below). */
const PDF_OPTIONS = {
  isEvalSupported: false,
  useWasm: false,
  enableXfa: false,
  verbosity: VerbosityLevel.ERRORS,
} as const

/** Pages drawn at once; a longer PDF shows a note and can be downloaded. */
const MAX_PAGES = 20

export interface PdfPreviewProps {
  data: Blob
  title: string
}

type PdfState = { status: 'loading' } | { status: 'error' } | { status: 'ready'; pdf: PDFDocumentProxy }

/**
 * Each page drawn on a <canvas> by pdf.js: no plugin, no <iframe>, no text or annotation layers
 * (links and forms in a patient's PDF stay inert). `isEvalSupported: false` keeps pdf.js from
 * compiling code at run time, which the CSP (`script-src 'self'`, no 'unsafe-eval') forbids;
 * `useWasm: false` keeps it off WebAssembly, which would need 'wasm-unsafe-eval'.
 */
export function PdfPreview({ data, title }: PdfPreviewProps) {
  const [state, setState] = useState<PdfState>({ status: 'loading' })

  useEffect(() => {
    let cancelled = false
    let loading: ReturnType<typeof getDocument> | null = null
    // getDocument wants the bytes up front; the Blob is read once and handed to the worker.
    data
      .arrayBuffer()
      .then((buffer) => {
        if (cancelled) return null
        loading = getDocument({ data: new Uint8Array(buffer), ...PDF_OPTIONS })
        return loading.promise
      })
      .then(
        (pdf) => {
          if (pdf && !cancelled) setState({ status: 'ready', pdf })
        },
        () => {
          if (!cancelled) setState({ status: 'error' })
        },
      )
    return () => {
      cancelled = true
      void loading?.destroy()
    }
  }, [data])

  if (state.status === 'loading') return <Loading label="Opening the PDF…" />
  if (state.status === 'error') {
    return (
      <Alert tone="error" title="This PDF cannot be shown">
        It may be damaged or use features the viewer does not support. Download it to open it on this device.
      </Alert>
    )
  }
  const { pdf } = state
  const shown = Math.min(pdf.numPages, MAX_PAGES)
  return (
    <div className="doc-preview doc-preview--pdf">
      <p className="doc-preview__note" aria-live="polite">
        {pdf.numPages === 1 ? '1 page' : `${pdf.numPages} pages`}
        {pdf.numPages > MAX_PAGES
          ? `; the first ${MAX_PAGES} are shown here. Download it to see the rest.`
          : ''}
      </p>
      <ol className="doc-preview__pages">
        {Array.from({ length: shown }, (_, index) => (
          <li key={index}>
            <PdfPage pdf={pdf} pageNumber={index + 1} pageCount={pdf.numPages} title={title} />
          </li>
        ))}
      </ol>
    </div>
  )
}
