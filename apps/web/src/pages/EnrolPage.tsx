import type { EnrolmentResult, SessionView, TotpEnrolment } from '@tessera/contracts'
import { useState } from 'react'
import { Redirect, useLocation } from 'wouter'
import { Alert } from '../components/Alert.tsx'
import { Button } from '../components/Button.tsx'
import { EmailCodeSetup } from '../components/EmailCodeSetup.tsx'
import { Loading } from '../components/Loading.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { RecoveryCodesPanel } from '../components/RecoveryCodesPanel.tsx'
import { TotpSetup } from '../components/TotpSetup.tsx'
import { homePathForRole } from '../lib/roles.ts'
import { useSession } from '../lib/session.tsx'
import { focusPageHeading } from '../lib/use-focus-on-navigate.ts'
import { FactorChoice } from './enrol/FactorChoice.tsx'

type Stage =
  | { kind: 'choose' }
  | { kind: 'totp'; enrolment: TotpEnrolment }
  | { kind: 'email'; message: string }
  | { kind: 'codes'; codes: string[] }

/**
 * Mandatory second-factor enrolment (no skip): passkey, authenticator app, or email codes where the
 * clinic allows them for patients; then the recovery codes, shown once. The session becomes full
 * when the first factor is confirmed; the person reaches their area only after the codes step.
 */
export function EnrolPage() {
  const { state, refresh } = useSession()
  const [, navigate] = useLocation()
  const [stage, setStage] = useState<Stage>({ kind: 'choose' })
  const [finishing, setFinishing] = useState(false)

  const finish = async (): Promise<void> => {
    setFinishing(true)
    const next = await refresh()
    navigate(next.status === 'active' ? homePathForRole(next.view.account.role) : '/sign-in', {
      replace: true,
    })
  }

  const confirmed = (result: EnrolmentResult): void => {
    if (result.recoveryCodes && result.recoveryCodes.length > 0) {
      setStage({ kind: 'codes', codes: result.recoveryCodes })
      focusPageHeading()
    } else {
      void finish()
    }
  }

  // Mid-flow the session is already full (the factor is confirmed); stay for the recovery codes.
  const midFlow = stage.kind !== 'choose' || finishing
  if (!midFlow) {
    if (state.status === 'loading') return <Loading label="Checking your sign-in…" />
    if (state.status === 'signed-out') return <Redirect to="/sign-in" replace />
    if (state.status === 'error') return <Alert tone="error">{state.message}</Alert>
    if (state.stage === 'mfa') return <Redirect to="/sign-in" replace />
    if (state.stage === 'full') return <Redirect to={homePathForRole(state.view.account.role)} replace />
  }
  const view: SessionView | null = state.status === 'active' ? state.view : null

  if (stage.kind === 'codes') {
    return (
      <>
        <PageHeader title="Save your recovery codes" />
        <div className="card">
          <RecoveryCodesPanel
            codes={stage.codes}
            continueLabel={finishing ? 'Opening your account…' : 'Continue'}
            onContinue={() => void finish()}
          />
        </div>
      </>
    )
  }

  return (
    <>
      <PageHeader title="Protect your account">
        <p>
          Besides your password, choose a second way to prove it is you. You will use it each time you sign
          in. This step is required.
        </p>
      </PageHeader>
      <div className="card">
        {finishing ? <Loading label="Opening your account…" /> : null}
        {stage.kind === 'choose' && !finishing ? (
          <FactorChoice
            emailAllowed={view?.emailCodeAllowed ?? false}
            onTotpStarted={(enrolment) => setStage({ kind: 'totp', enrolment })}
            onEmailStarted={(message) => setStage({ kind: 'email', message })}
            onConfirmed={confirmed}
          />
        ) : null}
        {stage.kind === 'totp' ? (
          <TotpSetup
            enrolment={stage.enrolment}
            onConfirmed={confirmed}
            onCancel={() => setStage({ kind: 'choose' })}
          />
        ) : null}
        {stage.kind === 'email' ? (
          <EmailCodeSetup
            sentMessage={stage.message}
            onConfirmed={confirmed}
            onCancel={() => setStage({ kind: 'choose' })}
          />
        ) : null}
      </div>
      {stage.kind === 'choose' ? (
        <p className="page-note">
          Not you? <SignOutLink />
        </p>
      ) : null}
    </>
  )
}

function SignOutLink() {
  const { signOut } = useSession()
  const [, navigate] = useLocation()
  return (
    <Button variant="link" onPress={() => void signOut().then(() => navigate('/sign-in'))}>
      Sign out
    </Button>
  )
}
