import { useCallback, useEffect, useState } from 'react'
import { sessionSignal } from '../api/client.ts'
import { useSession } from './session.tsx'
import { SESSION_ENDED_NOTICE } from './step-up.tsx'
import { toSubmitErrors } from './submit-errors.ts'

export type ApiData<T> =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T }

/**
 * Loads data for a page section and reloads it on demand. A reload keeps showing the old data
 * until the new answer arrives. A 'signed-out' answer ends the session here (the guard then
 * sends the person to sign in).
 */
export function useApiData<T>(load: (signal: AbortSignal) => Promise<T>): [ApiData<T>, () => void] {
  const { markSignedOut } = useSession()
  const [state, setState] = useState<ApiData<T>>({ status: 'loading' })
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    load(controller.signal).then(
      // An answer that arrives after a newer load began is stale: the newer one decides.
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data })
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        if (sessionSignal(error) === 'signed-out') markSignedOut(SESSION_ENDED_NOTICE)
        setState({ status: 'error', message: toSubmitErrors(error).message })
      },
    )
    return () => controller.abort()
  }, [load, generation, markSignedOut])

  const reload = useCallback(() => setGeneration((n) => n + 1), [])
  return [state, reload]
}
