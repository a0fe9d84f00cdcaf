import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { downloadTextFile } from '../lib/download.ts'
import { Alert } from './Alert.tsx'
import { Button } from './Button.tsx'
import { Checkbox } from './Checkbox.tsx'

export interface RecoveryCodesPanelProps {
  codes: readonly string[]
  continueLabel: string
  onContinue: () => void
}

function fileText(codes: readonly string[]): string {
  return [
    'Tessera recovery codes',
    `Saved on ${new Date().toLocaleDateString()}`,
    '',
    'Each code works once, in place of your second factor, if you lose your phone or passkey.',
    'Keep this file somewhere safe and private.',
    '',
    ...codes,
    '',
  ].join('\n')
}

/**
 * Recovery codes, shown once: a download (a text file made in the browser), a copy button, and an
 * "I have saved them" box that must be ticked before moving on.
 */
export function RecoveryCodesPanel({ codes, continueLabel, onContinue }: RecoveryCodesPanelProps) {
  const [copied, setCopied] = useState<string | null>(null)

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'))
      setCopied('Codes copied. Paste them somewhere safe, like a password manager.')
    } catch {
      setCopied('Copying is not allowed here. Use Download, or write the codes down.')
    }
  }

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    onContinue()
  }

  return (
    <div className="recovery-codes">
      <p>
        If you lose your phone or passkey, each of these codes lets you sign in once. We will not show them
        again, so save them now: download the file, or write them down and keep them somewhere safe.
      </p>
      <ol className="recovery-codes__list" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code} className="recovery-codes__code">
            {code}
          </li>
        ))}
      </ol>
      <div className="button-row">
        <Button
          variant="secondary"
          onPress={() => downloadTextFile('tessera-recovery-codes.txt', fileText(codes))}
        >
          Download
        </Button>
        <Button variant="quiet" onPress={() => void copy()}>
          Copy
        </Button>
      </div>
      <Alert tone="info">{copied}</Alert>
      <Form className="form" onSubmit={submit}>
        <Checkbox name="saved" isRequired requiredMessage="Tick the box once you have saved your codes.">
          I have saved my recovery codes
        </Checkbox>
        <div className="form__actions">
          <Button type="submit" fullWidth>
            {continueLabel}
          </Button>
        </div>
      </Form>
    </div>
  )
}
