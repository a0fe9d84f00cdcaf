import { useEffect, useState } from 'react'
import { clearUrlFragment, readSetupToken } from './setup-token.ts'

/**
 * The one-time token of an emailed link (`/verify-email#t=...`, `/reset-password#t=...`,
 * `/invitation#t=...`): read once from the fragment, kept in memory, and wiped from the address bar
 * so it does not linger in history or on a shared screen. The query string is never read.
 */
export function useFragmentToken(): string | null {
  const [token] = useState(() => readSetupToken(window.location.hash))
  useEffect(() => {
    if (window.location.hash) clearUrlFragment()
  }, [])
  return token
}
