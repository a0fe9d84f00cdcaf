import type { ReactNode } from 'react'

export type AlertTone = 'error' | 'success' | 'info'

export interface AlertProps {
  tone: AlertTone
  title?: string
  /** Nothing to show: the live region stays in the page, empty, so a later message is announced. */
  children?: ReactNode
  className?: string
}

/**
 * A message region. Errors use role="alert" (announced at once); success and info use
 * role="status" (announced politely). The region is always rendered, because screen readers only
 * reliably announce changes inside a live region that already existed.
 */
export function Alert({ tone, title, children, className }: AlertProps) {
  const hasContent = children !== undefined && children !== null && children !== false && children !== ''
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={className}>
      {hasContent ? (
        <div className={`alert alert--${tone}`}>
          {title ? <p className="alert__title">{title}</p> : null}
          <div className="alert__body">{children}</div>
        </div>
      ) : null}
    </div>
  )
}
