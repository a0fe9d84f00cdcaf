import type { EnrolmentResult, TotpEnrolment } from '@tessera/contracts'
import { lazy, Suspense, useState } from 'react'
import { accountApi } from '../api/account.ts'
import { useProtectedAction } from '../lib/step-up.tsx'
import { Alert } from './Alert.tsx'
import { Button } from './Button.tsx'
import { CodeForm } from './CodeForm.tsx'
import { Loading } from './Loading.tsx'

// uqr and the drawing code load only when someone sets up an authenticator app.
const QrCode = lazy(() => import('./QrCode.tsx').then((module) => ({ default: module.QrCode })))

export interface TotpSetupProps {
  enrolment: TotpEnrolment
  onConfirmed: (result: EnrolmentResult) => void
  onCancel: () => void
  /** h2 on the enrolment page, h3 inside a Security card. */
  headingLevel?: 2 | 3
  /** The way back: "Choose another way" during enrolment, "Cancel" on the Security page. */
  cancelLabel?: string
}

/** "ABCDEFGH..." as "ABCD EFGH ..." so it can be read and typed in chunks. */
function groupKey(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ')
}

/** Authenticator app set-up: QR code (or the key typed by hand), then one code to prove it works. */
export function TotpSetup({
  enrolment,
  onConfirmed,
  onCancel,
  headingLevel = 2,
  cancelLabel = 'Choose another way',
}: TotpSetupProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  const protect = useProtectedAction()
  const [copied, setCopied] = useState<string | null>(null)
  const openable = enrolment.uri.startsWith('otpauth://')

  const copyKey = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(enrolment.secret.replace(/\s+/g, ''))
      setCopied('Key copied.')
    } catch {
      setCopied('Copying is not allowed here. Type the key instead.')
    }
  }

  const confirm = async (code: string): Promise<void> => {
    onConfirmed(await protect(() => accountApi.confirmTotp(code)))
  }

  return (
    <div className="totp-setup">
      <Heading className={headingLevel === 2 ? 'section-title' : 'subsection-title'}>
        Set up your authenticator app
      </Heading>
      <ol className="steps">
        <li>
          <p>
            Open an authenticator app (for example Google Authenticator, Microsoft Authenticator or 1Password)
            and scan this code.
          </p>
          <div className="qr-frame">
            <Suspense fallback={<Loading label="Drawing the QR code…" />}>
              <QrCode value={enrolment.uri} label="QR code for your authenticator app" />
            </Suspense>
          </div>
          {openable ? (
            <p>
              On this phone? <a href={enrolment.uri}>Open in your authenticator app</a>
            </p>
          ) : null}
        </li>
        <li>
          <p>Cannot scan it? Add an account by hand and type this key:</p>
          <p className="secret-key">
            <code>{groupKey(enrolment.secret)}</code>
          </p>
          <Button variant="quiet" onPress={() => void copyKey()}>
            Copy key
          </Button>
          <Alert tone="info">{copied}</Alert>
        </li>
        <li>
          <CodeForm
            kind="digits"
            label="Enter the 6-digit code your app shows"
            description="This proves the app is set up. Codes change every 30 seconds."
            submitLabel="Confirm"
            onSubmit={confirm}
          />
        </li>
      </ol>
      <Button variant="link" onPress={onCancel}>
        {cancelLabel}
      </Button>
    </div>
  )
}
