// The signed-in person, as the server sees them: GET /api/session, shared through context. Guards
// and pages read `state`; sign-in and enrolment call `refresh()` after the server changed the
// session. The server decides every access; this only chooses what to render and where to go.
import type { SessionView } from '@tessera/contracts'
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react'
import { authApi } from '../api/auth.ts'
import { ApiError } from '../api/client.ts'
import { hasSessionHint, setSessionHint } from './session-hint.ts'

/** `mfa`: password done, second factor due. `enrol`: no second factor yet. `full`: signed in. */
export type SessionStage = 'mfa' | 'enrol' | 'full'

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; notice?: string }
  | { status: 'error'; message: string }
  | { status: 'active'; view: SessionView; stage: SessionStage }

export interface SessionContextValue {
  state: SessionState
  /** Asks the server again. The previous state stays until the answer arrives (no loading flash). */
  refresh: () => Promise<SessionState>
  /** Ends the session on the server (best effort) and forgets it here. */
  signOut: () => Promise<void>
  /** The server answered 'signed-out': forget the session; `notice` is shown on the sign-in page. */
  markSignedOut: (notice?: string) => void
}

const SessionContext = createContext<SessionContextValue | null>(null)

export function hasSecondFactor(factors: SessionView['factors']): boolean {
  return factors.passkeys > 0 || factors.totp || factors.emailCode
}

export function stageOf(view: SessionView): SessionStage {
  if (view.level === 'full') return 'full'
  return hasSecondFactor(view.factors) ? 'mfa' : 'enrol'
}

/** Paths that need the session at once; public pages ask only when this browser signed in before. */
const GUARDED = /^\/(patient|clinician|admin|enrol)(\/|$)/

async function loadSession(signal?: AbortSignal): Promise<SessionState> {
  try {
    const view = await authApi.session(signal)
    setSessionHint(true)
    return { status: 'active', view, stage: stageOf(view) }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setSessionHint(false)
      return { status: 'signed-out' }
    }
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    const message =
      error instanceof ApiError ? error.message : 'We could not check whether you are signed in.'
    return { status: 'error', message }
  }
}

export interface SessionProviderProps {
  children: ReactNode
}

export function SessionProvider({ children }: SessionProviderProps) {
  const [shouldProbe] = useState(() => GUARDED.test(window.location.pathname) || hasSessionHint())
  const [state, setState] = useState<SessionState>(() =>
    shouldProbe ? { status: 'loading' } : { status: 'signed-out' },
  )
  // Only the newest answer counts: an older request finishing late must not overwrite it.
  const latest = useRef(0)

  useEffect(() => {
    if (!shouldProbe) return
    const controller = new AbortController()
    const ticket = ++latest.current
    loadSession(controller.signal).then(
      (next) => {
        if (ticket === latest.current) setState(next)
      },
      () => undefined, // aborted on unmount
    )
    return () => controller.abort()
  }, [shouldProbe])

  const refresh = useCallback(async (): Promise<SessionState> => {
    const ticket = ++latest.current
    const next = await loadSession()
    if (ticket === latest.current) setState(next)
    return next
  }, [])

  const markSignedOut = useCallback((notice?: string): void => {
    latest.current++
    setSessionHint(false)
    setState(notice ? { status: 'signed-out', notice } : { status: 'signed-out' })
  }, [])

  const signOut = useCallback(async (): Promise<void> => {
    try {
      await authApi.signOut()
    } catch {
      // Already signed out, or offline: the cookie is cleared by the server when it can be.
    }
    markSignedOut('You have signed out.')
  }, [markSignedOut])

  const value = useMemo(
    () => ({ state, refresh, signOut, markSignedOut }),
    [state, refresh, signOut, markSignedOut],
  )
  return <SessionContext value={value}>{children}</SessionContext>
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession must be used inside <SessionProvider>')
  return value
}
