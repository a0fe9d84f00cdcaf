import type { EnrolmentResult, SessionView, TotpEnrolment } from '@tessera/contracts'
import { useState } from 'react'
import { accountApi } from '../../api/account.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { EmailCodeSetup } from '../../components/EmailCodeSetup.tsx'
import { Loading } from '../../components/Loading.tsx'
import { RecoveryCodesPanel } from '../../components/RecoveryCodesPanel.tsx'
import { TotpSetup } from '../../components/TotpSetup.tsx'
import { useSession } from '../../lib/session.tsx'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { useApiData } from '../../lib/use-api-data.ts'
import { FactorRow } from './FactorRow.tsx'
import { PasskeysSection } from './PasskeysSection.tsx'
import { RecoveryCodesRow } from './RecoveryCodesRow.tsx'

type Setup =
  | { kind: 'totp'; enrolment: TotpEnrolment }
  | { kind: 'email'; message: string }
  | { kind: 'codes'; codes: string[] }
  | null

const SIGNED_OUT_ELSEWHERE = 'For your safety, your other devices were signed out.'

/** Passkeys, authenticator app, email codes and recovery codes: add, remove, regenerate. */
export function SignInMethodsCard({ view }: { view: SessionView }) {
  const protect = useProtectedAction()
  const { refresh } = useSession()
  const [data, reload] = useApiData(accountApi.factors)
  const [setup, setSetup] = useState<Setup>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const changed = (text: string): void => {
    setNotice(text)
    setSetup(null)
    reload()
    void refresh()
  }

  const added = (what: string) => (result: EnrolmentResult) => {
    changed(`${what} added.`)
    if (result.recoveryCodes?.length) setSetup({ kind: 'codes', codes: result.recoveryCodes })
  }

  return (
    <section className="card" aria-labelledby="methods-title">
      <h2 id="methods-title" className="section-title">
        Sign-in methods
      </h2>
      <p className="muted">Your second factor proves it is you after your password. Keep at least two.</p>
      <Alert tone="success">{notice}</Alert>
      {data.status === 'loading' ? <Loading label="Loading your sign-in methods…" /> : null}
      {data.status === 'error' ? (
        <>
          <Alert tone="error" title="We could not load your sign-in methods">
            {data.message}
          </Alert>
          <Button variant="secondary" onPress={reload}>
            Try again
          </Button>
        </>
      ) : null}
      {setup?.kind === 'totp' ? (
        <TotpSetup
          enrolment={setup.enrolment}
          onConfirmed={added('Authenticator app')}
          onCancel={() => setSetup(null)}
          headingLevel={3}
          cancelLabel="Cancel"
        />
      ) : null}
      {setup?.kind === 'email' ? (
        <EmailCodeSetup
          sentMessage={setup.message}
          onConfirmed={added('Email codes')}
          onCancel={() => setSetup(null)}
          headingLevel={3}
          cancelLabel="Cancel"
        />
      ) : null}
      {setup?.kind === 'codes' ? (
        <>
          <h3 className="subsection-title">Your new recovery codes</h3>
          <RecoveryCodesPanel codes={setup.codes} continueLabel="Done" onContinue={() => setSetup(null)} />
        </>
      ) : null}
      {data.status === 'ready' && setup === null ? (
        <div className="stack stack--tight">
          <PasskeysSection
            passkeys={data.data.passkeys}
            onChanged={changed}
            removedNote={SIGNED_OUT_ELSEWHERE}
          />
          <FactorRow
            title="Authenticator app"
            description="A 6-digit code from an app on your phone."
            enabled={data.data.totp}
            setUpLabel="Set up an authenticator app"
            onSetUp={async () =>
              setSetup({ kind: 'totp', enrolment: await protect(() => accountApi.startTotp()) })
            }
            onRemove={async () => {
              await protect(() => accountApi.removeFactor('totp', 'current'))
              changed(`Authenticator app removed. ${SIGNED_OUT_ELSEWHERE}`)
            }}
          />
          {view.emailCodeAllowed || data.data.emailCode ? (
            <FactorRow
              title="Email codes"
              description={`A 6-digit code sent to ${view.account.email}.`}
              enabled={data.data.emailCode}
              setUpLabel="Turn on email codes"
              onSetUp={async () =>
                setSetup({
                  kind: 'email',
                  message: (await protect(() => accountApi.startEmailCode())).message,
                })
              }
              onRemove={async () => {
                await protect(() => accountApi.removeFactor('email-code', 'current'))
                changed(`Email codes turned off. ${SIGNED_OUT_ELSEWHERE}`)
              }}
            />
          ) : null}
          <RecoveryCodesRow
            left={data.data.recoveryCodesLeft}
            onRegenerate={async () => {
              const { codes } = await protect(() => accountApi.regenerateRecoveryCodes())
              changed('New recovery codes made. The old ones no longer work.')
              setSetup({ kind: 'codes', codes })
            }}
          />
        </div>
      ) : null}
    </section>
  )
}
