import type { EnrolmentResult, TotpEnrolment } from '@tessera/contracts'
import { useState } from 'react'
import { accountApi } from '../../api/account.ts'
import { passkeysSupported, registerPasskey } from '../../api/passkeys.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { deviceLabel } from '../../lib/device-label.ts'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { toSubmitErrors } from '../../lib/submit-errors.ts'

export interface FactorChoiceProps {
  /** Email codes are offered to patients only, and only where the clinic allows them. */
  emailAllowed: boolean
  onTotpStarted: (enrolment: TotpEnrolment) => void
  onEmailStarted: (message: string) => void
  /** A passkey is confirmed in the same tap. */
  onConfirmed: (result: EnrolmentResult) => void
  /** Heading level for the options: h2 on the enrolment page, h3 inside a Security card. */
  headingLevel?: 2 | 3
}

type Pending = 'passkey' | 'totp' | 'email' | null

/** The second-factor options, each one tap to start; the passkey one finishes in that tap. */
export function FactorChoice({
  emailAllowed,
  onTotpStarted,
  onEmailStarted,
  onConfirmed,
  headingLevel = 2,
}: FactorChoiceProps) {
  const protect = useProtectedAction()
  const [pending, setPending] = useState<Pending>(null)
  const [error, setError] = useState<string | null>(null)
  const canPasskey = passkeysSupported()
  const Heading = headingLevel === 2 ? 'h2' : 'h3'

  const run = async (what: Exclude<Pending, null>, action: () => Promise<void>): Promise<void> => {
    setPending(what)
    setError(null)
    try {
      await action()
    } catch (cause) {
      setError(toSubmitErrors(cause).message)
    } finally {
      setPending(null)
    }
  }

  const busy = pending !== null
  return (
    <div className="factor-choice">
      <Alert tone="error" title="That did not work">
        {error}
      </Alert>
      <ul className="option-list">
        <li className="option">
          <Heading className="option__title">
            Passkey <span className="badge badge--info">Recommended</span>
          </Heading>
          <p className="option__text">
            Use your fingerprint, face or screen lock. One tap, nothing to type, and it cannot be phished.
          </p>
          {canPasskey ? (
            <Button
              fullWidth
              isPending={pending === 'passkey'}
              isDisabled={busy && pending !== 'passkey'}
              onPress={() =>
                void run('passkey', async () =>
                  onConfirmed(await protect(() => registerPasskey(deviceLabel()))),
                )
              }
            >
              Set up a passkey
            </Button>
          ) : (
            <p className="option__note">This browser cannot create passkeys. Choose another way below.</p>
          )}
        </li>
        <li className="option">
          <Heading className="option__title">Authenticator app</Heading>
          <p className="option__text">
            A 6-digit code from an app on your phone, such as Google Authenticator, Microsoft Authenticator or
            1Password.
          </p>
          <Button
            variant="secondary"
            fullWidth
            isPending={pending === 'totp'}
            isDisabled={busy && pending !== 'totp'}
            onPress={() =>
              void run('totp', async () => onTotpStarted(await protect(() => accountApi.startTotp())))
            }
          >
            Use an authenticator app
          </Button>
        </li>
        {emailAllowed ? (
          <li className="option">
            <Heading className="option__title">Codes by email</Heading>
            <p className="option__text">We email you a 6-digit code each time you sign in.</p>
            <Button
              variant="secondary"
              fullWidth
              isPending={pending === 'email'}
              isDisabled={busy && pending !== 'email'}
              onPress={() =>
                void run('email', async () =>
                  onEmailStarted((await protect(() => accountApi.startEmailCode())).message),
                )
              }
            >
              Use email codes
            </Button>
          </li>
        ) : null}
      </ul>
    </div>
  )
}
