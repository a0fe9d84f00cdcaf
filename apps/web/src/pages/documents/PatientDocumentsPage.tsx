import type { DocumentCategory, DocumentView } from '@tessera/contracts'
import { useCallback, useRef, useState } from 'react'
import { documentsApi } from '../../api/documents.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { PatientDocumentItem } from './PatientDocumentItem.tsx'
import { UploadCard } from './UploadCard.tsx'
import './documents.css'

export interface PatientDocumentsPageProps {
  area: Area
  /** The signed-in patient's id (their account id is their record's id). */
  patientId: string
}

/** JOURNEYS.md patient step 4: upload from the phone, then see what the clinic made of each document. */
export function PatientDocumentsPage({ area, patientId }: PatientDocumentsPageProps) {
  const load = useCallback((signal: AbortSignal) => documentsApi.list(patientId, signal), [patientId])
  const [list, reload] = useApiData(load)
  const [category, setCategory] = useState<DocumentCategory | ''>('')
  const uploadHeading = useRef<HTMLHeadingElement>(null)

  const onUploaded = useCallback(() => reload(), [reload])
  const uploadAgain = (document: DocumentView): void => {
    setCategory(document.category)
    uploadHeading.current?.focus()
    uploadHeading.current?.scrollIntoView({ block: 'start' })
  }

  return (
    <>
      <PageHeader title="Documents" titleContext={area.label}>
        <p>
          Send the clinic your ID and care summaries straight from your phone, and see when they are checked.
        </p>
      </PageHeader>
      <div className="stack">
        <UploadCard
          patientId={patientId}
          category={category}
          onCategoryChange={setCategory}
          onUploaded={onUploaded}
          headingRef={uploadHeading}
        />
        <section className="card" aria-labelledby="my-documents-title">
          <h2 id="my-documents-title" className="section-title">
            Your documents
          </h2>
          {list.status === 'loading' ? <Loading label="Loading your documents…" /> : null}
          {list.status === 'error' ? (
            <>
              <Alert tone="error" title="We could not load your documents">
                {list.message}
              </Alert>
              <Button variant="secondary" onPress={reload}>
                Try again
              </Button>
            </>
          ) : null}
          {list.status === 'ready' && list.data.documents.length === 0 ? (
            <p className="muted">
              Nothing uploaded yet. Documents you send appear here with what the clinic made of them.
            </p>
          ) : null}
          {list.status === 'ready' && list.data.documents.length > 0 ? (
            <ul className="item-list" aria-labelledby="my-documents-title">
              {list.data.documents.map((document) => (
                <PatientDocumentItem key={document.id} document={document} onUploadAgain={uploadAgain} />
              ))}
            </ul>
          ) : null}
        </section>
      </div>
    </>
  )
}
