import type { DocumentView } from '@tessera/contracts'
import { useCallback, useEffect, useRef, useState } from 'react'
import { documentsApi } from '../../api/documents.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { useApiData } from '../../lib/use-api-data.ts'
import { DocumentViewer } from './DocumentViewer.tsx'
import { StaffDocumentItem } from './StaffDocumentItem.tsx'

export interface PatientDocumentsPanelProps {
  patientId: string
}

/** One patient's documents for a clinician: the list, and the one opened below it. */
export function PatientDocumentsPanel({ patientId }: PatientDocumentsPanelProps) {
  const load = useCallback((signal: AbortSignal) => documentsApi.list(patientId, signal), [patientId])
  const [list, reload] = useApiData(load)
  const [openId, setOpenId] = useState<string | null>(null)
  const viewerHeading = useRef<HTMLHeadingElement>(null)
  const [focusPending, setFocusPending] = useState(false)
  const documents = list.status === 'ready' ? list.data.documents : []
  const open = documents.find((d) => d.id === openId) ?? null

  useEffect(() => {
    if (!focusPending || !open) return
    viewerHeading.current?.focus()
    viewerHeading.current?.scrollIntoView({ block: 'start' })
    setFocusPending(false)
  }, [focusPending, open])

  const onOpen = (document: DocumentView): void => {
    setOpenId(document.id)
    setFocusPending(true)
  }

  return (
    <>
      <section className="card" aria-labelledby="doc-list-title">
        <h2 id="doc-list-title" className="section-title">
          Uploaded documents
        </h2>
        {list.status === 'loading' ? <Loading label="Loading documents…" /> : null}
        {list.status === 'error' ? (
          <>
            <Alert tone="error" title="We could not load the documents">
              {list.message}
            </Alert>
            <Button variant="secondary" onPress={reload}>
              Try again
            </Button>
          </>
        ) : null}
        {list.status === 'ready' && documents.length === 0 ? (
          <p className="muted">This patient has not uploaded any documents.</p>
        ) : null}
        {documents.length > 0 ? (
          <ul className="item-list" aria-labelledby="doc-list-title">
            {documents.map((document) => (
              <StaffDocumentItem
                key={document.id}
                document={document}
                isOpen={document.id === openId}
                onOpen={onOpen}
              />
            ))}
          </ul>
        ) : null}
      </section>
      {open ? <DocumentViewer document={open} onReviewed={reload} headingRef={viewerHeading} /> : null}
    </>
  )
}
