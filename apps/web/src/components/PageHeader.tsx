import type { ReactNode } from 'react'
import { useDocumentTitle } from '../lib/use-document-title.ts'

export interface PageHeaderProps {
  title: string
  /** Extra parts for document.title after the page title, e.g. the area name. */
  titleContext?: string
  children?: ReactNode
}

/**
 * The page's one <h1>, which also sets document.title. The heading takes programmatic focus after
 * navigation (tabIndex -1: focusable by script, not in the tab order).
 */
export function PageHeader({ title, titleContext, children }: PageHeaderProps) {
  useDocumentTitle(title, titleContext ?? '')
  return (
    <div className="page-header">
      <h1 className="page-header__title" tabIndex={-1}>
        {title}
      </h1>
      {children ? <div className="page-header__description">{children}</div> : null}
    </div>
  )
}
