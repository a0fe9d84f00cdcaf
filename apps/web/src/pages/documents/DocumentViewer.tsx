import type { DocumentView } from '@tessera/contracts'
import type { Ref } from 'react'
import { formatDateTime } from '../../lib/format-time.ts'
import {
  CATEGORY_WORDS,
  reviewWords,
  scanWords,
  sizeWords,
  staffReviewText,
  typeWords,
} from './document-words.ts'
import { DocumentPreview } from './DocumentPreview.tsx'
import { ReviewActions } from './ReviewActions.tsx'
import { StatusBadge } from './StatusBadge.tsx'

export interface DocumentViewerProps {
  document: DocumentView
  onReviewed: () => void
  /** Focused when a document is opened, so keyboard and screen-reader users land on it. */
  headingRef?: Ref<HTMLHeadingElement>
}

/** The open document: its facts, the review actions, and the preview. */
export function DocumentViewer({ document, onReviewed, headingRef }: DocumentViewerProps) {
  const review = reviewWords(document.review)
  const scan = scanWords(document.scan)
  return (
    <section className="card doc-viewer" aria-labelledby="doc-viewer-title">
      <h2 id="doc-viewer-title" className="section-title doc-viewer__title" tabIndex={-1} ref={headingRef}>
        {document.title}
      </h2>
      <dl className="doc-facts">
        <dt>What</dt>
        <dd>{CATEGORY_WORDS[document.category]}</dd>
        <dt>File</dt>
        <dd>
          {typeWords(document.contentType)}, {sizeWords(document.size)}
        </dd>
        <dt>Uploaded</dt>
        <dd>
          <time dateTime={document.uploadedAt}>{formatDateTime(document.uploadedAt)}</time> by{' '}
          {document.uploadedBy.displayName}
        </dd>
        <dt>Review</dt>
        <dd>
          <StatusBadge words={review} />{' '}
          <span className="doc-facts__text">{staffReviewText(document.review)}</span>
        </dd>
        <dt>Virus scan</dt>
        <dd>
          <StatusBadge words={scan} /> <span className="doc-facts__text">{scan.text}</span>
        </dd>
      </dl>
      <ReviewActions key={document.id} document={document} onReviewed={onReviewed} />
      <DocumentPreview key={`preview-${document.id}`} document={document} />
    </section>
  )
}
