import { useEffect } from 'react'

export const PRODUCT_NAME = 'Tessera'

/**
 * Sets `document.title` to "<parts> – Tessera". Titles name the page, never a patient: the title
 * shows in tabs, history and screen shares (no PHI in titles, as in URLs).
 */
export function useDocumentTitle(...parts: string[]): void {
  const title = [...parts.filter(Boolean), PRODUCT_NAME].join(' – ')
  useEffect(() => {
    document.title = title
  }, [title])
}
