import type { FactorKind } from '@tessera/contracts'
import { useState } from 'react'
import { authApi } from '../api/auth.ts'
import { signInWithPasskey, stepUpWithPasskey } from '../api/passkeys.ts'
import { toSubmitErrors } from '../lib/submit-errors.ts'
import { Alert } from './Alert.tsx'
import { Button } from './Button.tsx'
import { CodeForm } from './CodeForm.tsx'

type CodeMethod = 'totp' | 'email-code' | 'recovery-code'

export interface SecondFactorFormProps {
  /** The factors this account can use now. */
  methods: readonly FactorKind[]
  /** `sign-in` finishes a partial session; `step-up` confirms a full one before a sensitive action. */
  purpose: 'sign-in' | 'step-up'
  /** Called once the server accepted the factor. */
  onDone: () => void
}

const SWITCH_LABELS: Record<CodeMethod, string> = {
  totp: 'Use your authenticator app instead',
  'email-code': 'Email me a code instead',
  'recovery-code': 'Use a recovery code',
}

function firstCodeMethod(methods: readonly FactorKind[]): CodeMethod | null {
  if (methods.includes('totp')) return 'totp'
  if (methods.includes('email-code')) return 'email-code'
  if (methods.includes('recovery-code')) return 'recovery-code'
  return null
}

/**
 * The second-factor step: a passkey in one tap when the account has one, otherwise (or as well) a
 * code from the authenticator app, an emailed code, or a recovery code, switchable in place.
 */
export function SecondFactorForm({ methods, purpose, onDone }: SecondFactorFormProps) {
  const [method, setMethod] = useState<CodeMethod | null>(() => firstCodeMethod(methods))
  const [emailNotice, setEmailNotice] = useState<string | null>(null)
  const [pending, setPending] = useState<'passkey' | 'email' | null>(null)
  const [error, setError] = useState<string | null>(null)
  // Focus the code field only after the person switched method, not when the step first appears.
  const [switched, setSwitched] = useState(false)

  const run = async (what: 'passkey' | 'email', action: () => Promise<void>): Promise<void> => {
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

  const confirmWithPasskey = (): Promise<void> =>
    run('passkey', async () => {
      await (purpose === 'sign-in' ? signInWithPasskey() : stepUpWithPasskey())
      onDone()
    })

  const sendEmail = (): Promise<void> =>
    run('email', async () => {
      const answer = await authApi.sendEmailCode()
      setEmailNotice(answer.message)
    })

  const verify = async (code: string): Promise<void> => {
    if (method === 'totp') await authApi.verifyTotp(code)
    else if (method === 'email-code') await authApi.verifyEmailCode(code)
    else await authApi.verifyRecoveryCode(code)
    onDone()
  }

  const choose = (next: CodeMethod): void => {
    setMethod(next)
    setError(null)
    setSwitched(true)
  }

  const hasPasskey = methods.includes('passkey')
  const others = (['totp', 'email-code', 'recovery-code'] as const).filter(
    (m) => m !== method && methods.includes(m),
  )

  return (
    <div className="second-factor">
      <Alert tone="error" title="That did not work">
        {error}
      </Alert>
      {hasPasskey ? (
        <>
          <Button fullWidth isPending={pending === 'passkey'} onPress={() => void confirmWithPasskey()}>
            Use your passkey
          </Button>
          {method ? (
            <p className="form__divider" aria-hidden="true">
              or
            </p>
          ) : null}
        </>
      ) : null}
      {method === 'totp' ? (
        <CodeForm
          key="totp"
          kind="digits"
          label="Code from your authenticator app"
          description="Open your authenticator app and enter the 6-digit code it shows for Tessera."
          submitLabel={purpose === 'sign-in' ? 'Continue' : 'Confirm'}
          onSubmit={verify}
          autoFocus={switched}
          submitVariant={hasPasskey ? 'secondary' : 'primary'}
        />
      ) : null}
      {method === 'email-code' ? (
        <>
          <Alert tone="info">{emailNotice}</Alert>
          {emailNotice ? (
            <>
              <CodeForm
                key="email"
                kind="digits"
                label="Code from your email"
                submitLabel={purpose === 'sign-in' ? 'Continue' : 'Confirm'}
                onSubmit={verify}
                autoFocus
              />
              <Button variant="link" isPending={pending === 'email'} onPress={() => void sendEmail()}>
                Send a new code
              </Button>
            </>
          ) : (
            <Button fullWidth isPending={pending === 'email'} onPress={() => void sendEmail()}>
              Email me a code
            </Button>
          )}
        </>
      ) : null}
      {method === 'recovery-code' ? (
        <CodeForm
          key="recovery"
          kind="recovery"
          label="Recovery code"
          description="One of the codes you saved when you set up your account. Each code works once."
          submitLabel={purpose === 'sign-in' ? 'Continue' : 'Confirm'}
          onSubmit={verify}
          autoFocus={switched}
        />
      ) : null}
      {others.length > 0 ? (
        <ul className="link-list">
          {others.map((m) => (
            <li key={m}>
              <Button variant="link" onPress={() => choose(m)}>
                {SWITCH_LABELS[m]}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
