import type { PrescriptionCheckBody, RuleFindings } from '@tessera/contracts'
import { useEffect, useState } from 'react'
import { prescribingApi } from '../../api/prescribing.ts'

export type RuleCheck =
  | { status: 'idle' }
  | { status: 'checking'; last: RuleFindings | null }
  | { status: 'ready'; findings: RuleFindings }
  | { status: 'error'; last: RuleFindings | null }

const DEBOUNCE_MS = 400

/**
 * The server's rule findings for what is typed so far (the same rules that decide signing), asked
 * for a moment after the clinician stops typing; an older answer never replaces a newer one.
 */
export function useRuleCheck(body: PrescriptionCheckBody | null): RuleCheck {
  const key = body ? JSON.stringify(body) : ''
  const [check, setCheck] = useState<RuleCheck>({ status: 'idle' })

  useEffect(() => {
    if (!key) return
    const controller = new AbortController()
    setCheck((c) => ({ status: 'checking', last: lastOf(c) }))
    const timer = setTimeout(() => {
      prescribingApi.check(JSON.parse(key) as PrescriptionCheckBody, controller.signal).then(
        (findings) => setCheck({ status: 'ready', findings }),
        () => {
          if (!controller.signal.aborted) setCheck((c) => ({ status: 'error', last: lastOf(c) }))
        },
      )
    }, DEBOUNCE_MS)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [key])

  return check
}

export function lastOf(check: RuleCheck): RuleFindings | null {
  if (check.status === 'ready') return check.findings
  if (check.status === 'idle') return null
  return check.last
}
