import type { DocumentView } from '@tessera/contracts'
import { Button } from '../../components/Button.tsx'
import { formatDateTime } from '../../lib/format-time.ts'
import { CATEGORY_SHORT, reviewWords, sizeWords, typeWords } from './document-words.ts'

export interface PatientDocumentItemProps {
  document: DocumentView
  /** "Upload again": back to the upload card with this document's category chosen. */
  onUploadAgain: (document: DocumentView) => void
}

/** One of the patient's documents: what it is, when it arrived, and what the clinic made of it. */
export function PatientDocumentItem({ document, onUploadAgain }: PatientDocumentItemProps) {
  const status = reviewWords(document.review)
  return (
    <li className="item doc-item">
      <div className="item__main">
        <p className="item__title doc-item__title">{document.title}</p>
        <p className="item__meta">
          {CATEGORY_SHORT[document.category]} · {typeWords(document.contentType)} · {sizeWords(document.size)}
          {' · '}uploaded <time dateTime={document.uploadedAt}>{formatDateTime(document.uploadedAt)}</time>
        </p>
        <p className={`doc-status doc-status--${status.tone}`}>{status.text}</p>
      </div>
      {document.review.status === 'needs-reupload' ? (
        <div className="item__actions">
          <Button variant="secondary" onPress={() => onUploadAgain(document)}>
            Upload again
          </Button>
        </div>
      ) : null}
    </li>
  )
}
