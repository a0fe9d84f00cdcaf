import type { EnrolmentResult } from '@tessera/contracts'
import { useState } from 'react'
import { accountApi } from '../api/account.ts'
import { useProtectedAction } from '../lib/step-up.tsx'
import { toSubmitErrors } from '../lib/submit-errors.ts'
import { Alert } from './Alert.tsx'
import { Button } from './Button.tsx'
import { CodeForm } from './CodeForm.tsx'

export interface EmailCodeSetupProps {
  /** The server's "we sent a code" message from starting the set-up. */
  sentMessage: string
  onConfirmed: (result: EnrolmentResult) => void
  onCancel: () => void
  /** h2 on the enrolment page, h3 inside a Security card. */
  headingLevel?: 2 | 3
  /** The way back: "Choose another way" during enrolment, "Cancel" on the Security page. */
  cancelLabel?: string
}

/** Email codes as the second factor: type the code we just sent to prove the address works. */
export function EmailCodeSetup({
  sentMessage,
  onConfirmed,
  onCancel,
  headingLevel = 2,
  cancelLabel = 'Choose another way',
}: EmailCodeSetupProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  const protect = useProtectedAction()
  const [notice, setNotice] = useState(sentMessage)
  const [resending, setResending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const resend = async (): Promise<void> => {
    setResending(true)
    setError(null)
    try {
      setNotice((await protect(() => accountApi.startEmailCode())).message)
    } catch (cause) {
      setError(toSubmitErrors(cause).message)
    } finally {
      setResending(false)
    }
  }

  const confirm = async (code: string): Promise<void> => {
    onConfirmed(await protect(() => accountApi.confirmEmailCode(code)))
  }

  return (
    <div className="email-setup">
      <Heading className={headingLevel === 2 ? 'section-title' : 'subsection-title'}>
        Check your email
      </Heading>
      <Alert tone="info">{notice}</Alert>
      <Alert tone="error">{error}</Alert>
      <CodeForm
        kind="digits"
        label="Code from your email"
        submitLabel="Confirm"
        onSubmit={confirm}
        autoFocus
      />
      <ul className="link-list">
        <li>
          <Button variant="link" isPending={resending} onPress={() => void resend()}>
            Send a new code
          </Button>
        </li>
        <li>
          <Button variant="link" onPress={onCancel}>
            {cancelLabel}
          </Button>
        </li>
      </ul>
    </div>
  )
}
