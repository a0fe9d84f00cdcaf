import type { DocumentView } from '@tessera/contracts'
import { lazy, Suspense, useCallback } from 'react'
import { documentsApi } from '../../api/documents.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { useApiData } from '../../lib/use-api-data.ts'
import { ImagePreview } from './ImagePreview.tsx'

// pdf.js is large: fetched the first time a clinician opens a PDF, never with the app shell.
const PdfPreview = lazy(() => import('./PdfPreview.tsx').then((m) => ({ default: m.PdfPreview })))

export interface DocumentPreviewProps {
  document: DocumentView
}

/**
 * The document shown in the page: the bytes are fetched from our server (same origin, audited),
 * images through a blob: URL (the CSP allows `img-src blob:`), PDFs drawn on canvases by pdf.js.
 * Nothing is embedded (no <iframe>, <object> or plugin): the CSP forbids them.
 */
export function DocumentPreview({ document }: DocumentPreviewProps) {
  const { id } = document
  const load = useCallback(async (signal: AbortSignal) => (await documentsApi.content(id, signal)).blob, [id])
  const [content, reload] = useApiData(load)

  if (content.status === 'loading') return <Loading label="Loading the document…" />
  if (content.status === 'error') {
    return (
      <>
        <Alert tone="error" title="We could not load this document">
          {content.message}
        </Alert>
        <Button variant="secondary" onPress={reload}>
          Try again
        </Button>
      </>
    )
  }
  if (document.contentType === 'application/pdf') {
    return (
      <Suspense fallback={<Loading label="Loading the PDF viewer…" />}>
        <PdfPreview data={content.data} title={document.title} />
      </Suspense>
    )
  }
  return <ImagePreview blob={content.data} contentType={document.contentType} title={document.title} />
}
