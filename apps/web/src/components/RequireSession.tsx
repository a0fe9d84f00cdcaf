import type { Role, SessionView } from '@tessera/contracts'
import type { ReactNode } from 'react'
import { Redirect } from 'wouter'
import { noticeState } from '../lib/notice-state.ts'
import { homePathForRole } from '../lib/roles.ts'
import { useSession } from '../lib/session.tsx'
import { Alert } from './Alert.tsx'
import { AppLayout } from './AppLayout.tsx'
import { Button } from './Button.tsx'
import { Loading } from './Loading.tsx'

export interface RequireSessionProps {
  /** Roles allowed here; anyone else goes to their own area's home. */
  roles: readonly Role[]
  /** Shown in the banner while the session is being checked. */
  areaLabel: string
  /** Rendered with the checked session once the person may see this area. */
  children: (view: SessionView) => ReactNode
}

/**
 * The areas' gate: signed out -> /sign-in; password done but no second factor yet -> the MFA step on
 * /sign-in, or /enrol when there is no factor at all; wrong role -> that role's home. The server
 * still refuses anything this would have let through.
 */
export function RequireSession({ roles, areaLabel, children }: RequireSessionProps) {
  const { state, refresh } = useSession()
  switch (state.status) {
    case 'loading':
      return (
        <AppLayout areaLabel={areaLabel} narrow>
          <Loading label="Checking your sign-in…" />
        </AppLayout>
      )
    case 'error':
      return (
        <AppLayout areaLabel={areaLabel} narrow>
          <Alert tone="error" title="We could not load your account">
            {state.message}
          </Alert>
          <Button onPress={() => void refresh()}>Try again</Button>
        </AppLayout>
      )
    case 'signed-out':
      return <Redirect to="/sign-in" replace state={state.notice ? noticeState(state.notice) : null} />
    case 'active':
      if (state.stage === 'enrol') return <Redirect to="/enrol" replace />
      if (state.stage === 'mfa') return <Redirect to="/sign-in" replace />
      if (!roles.includes(state.view.account.role)) {
        return <Redirect to={homePathForRole(state.view.account.role)} replace />
      }
      return <>{children(state.view)}</>
  }
}
