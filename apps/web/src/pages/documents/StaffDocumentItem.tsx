import type { DocumentView } from '@tessera/contracts'
import { Button } from '../../components/Button.tsx'
import { formatDateTime } from '../../lib/format-time.ts'
import { CATEGORY_SHORT, reviewWords, scanWords, sizeWords, typeWords } from './document-words.ts'
import { StatusBadge } from './StatusBadge.tsx'

export interface StaffDocumentItemProps {
  document: DocumentView
  isOpen: boolean
  onOpen: (document: DocumentView) => void
}

/** A document in the clinician's list: what, when, by whom, review and scan status, and "Open". */
export function StaffDocumentItem({ document, isOpen, onOpen }: StaffDocumentItemProps) {
  return (
    <li className="item doc-item" {...(isOpen ? { 'data-open': '', 'aria-current': true } : {})}>
      <div className="item__main">
        <p className="item__title doc-item__title">{document.title}</p>
        <p className="item__meta">
          {CATEGORY_SHORT[document.category]} · {typeWords(document.contentType)} · {sizeWords(document.size)}
          {' · '}uploaded <time dateTime={document.uploadedAt}>{formatDateTime(document.uploadedAt)}</time> by{' '}
          {document.uploadedBy.displayName}
        </p>
        <p className="badge-list doc-item__badges">
          <StatusBadge words={reviewWords(document.review)} />
          <StatusBadge words={scanWords(document.scan)} />
        </p>
      </div>
      <div className="item__actions">
        <Button variant="secondary" onPress={() => onOpen(document)}>
          Open<span className="visually-hidden"> {document.title}</span>
        </Button>
      </div>
    </li>
  )
}
