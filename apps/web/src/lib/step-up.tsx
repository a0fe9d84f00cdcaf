// Sensitive actions (removing a factor, changing a password, admin changes) need a second factor
// from the last few minutes. `useProtectedAction()` runs an action; when the server answers
// 'step-up-required' it opens the "Confirm it's you" dialog and, once confirmed, retries once.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import { sessionSignal } from '../api/client.ts'
import { StepUpDialog } from '../components/StepUpDialog.tsx'
import { usableFactors } from './factors.ts'
import { useSession } from './session.tsx'
import { StepUpCancelled } from './step-up-cancelled.ts'

export type ProtectedAction = <T>(action: () => Promise<T>) => Promise<T>

const StepUpContext = createContext<ProtectedAction | null>(null)

export const SESSION_ENDED_NOTICE = 'Your session has ended. Sign in again to continue.'

export interface StepUpProviderProps {
  children: ReactNode
}

export function StepUpProvider({ children }: StepUpProviderProps) {
  const session = useSession()
  const { markSignedOut, refresh } = session
  const [pending, setPending] = useState<{ resolve: (confirmed: boolean) => void } | null>(null)

  const ask = useCallback(() => new Promise<boolean>((resolve) => setPending({ resolve })), [])

  const protect = useCallback<ProtectedAction>(
    async (action) => {
      try {
        return await action()
      } catch (error) {
        const signal = sessionSignal(error)
        if (signal === 'signed-out') markSignedOut(SESSION_ENDED_NOTICE)
        if (signal === 'mfa-required') void refresh()
        if (signal !== 'step-up-required') throw error
        if (!(await ask())) throw new StepUpCancelled()
        return await action()
      }
    },
    [ask, markSignedOut, refresh],
  )

  const close = (confirmed: boolean): void => {
    pending?.resolve(confirmed)
    setPending(null)
  }

  const methods = session.state.status === 'active' ? usableFactors(session.state.view) : []
  return (
    <StepUpContext value={protect}>
      {children}
      <StepUpDialog
        isOpen={pending !== null}
        methods={methods}
        onConfirmed={() => close(true)}
        onCancel={() => close(false)}
      />
    </StepUpContext>
  )
}

/** Runs a server action, asking for a second factor first when the server wants one. */
export function useProtectedAction(): ProtectedAction {
  const protect = useContext(StepUpContext)
  if (!protect) throw new Error('useProtectedAction must be used inside <StepUpProvider>')
  return useMemo(() => protect, [protect])
}
