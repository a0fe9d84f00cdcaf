import { useState } from 'react'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { toSubmitErrors } from '../../lib/submit-errors.ts'

export interface FactorRowProps {
  title: string
  description: string
  enabled: boolean
  setUpLabel: string
  /** Starts setting it up (the card then shows the set-up steps). */
  onSetUp: () => Promise<void>
  onRemove: () => Promise<void>
}

/** One second factor that is either on or off: its state, and "set up" or "remove". */
export function FactorRow({ title, description, enabled, setUpLabel, onSetUp, onRemove }: FactorRowProps) {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)

  const setUp = async (): Promise<void> => {
    setPending(true)
    setError(null)
    try {
      await onSetUp()
    } catch (cause) {
      setError(toSubmitErrors(cause).message)
    } finally {
      setPending(false)
    }
  }

  return (
    <div className="factor">
      <div className="factor__head">
        <h3 className="subsection-title">{title}</h3>
        <span className={enabled ? 'badge badge--success' : 'badge'}>{enabled ? 'On' : 'Off'}</span>
      </div>
      <p className="muted">{description}</p>
      <Alert tone="error">{error}</Alert>
      {enabled ? (
        <Button variant="quiet" onPress={() => setConfirming(true)}>
          Remove<span className="visually-hidden"> {title.toLowerCase()}</span>
        </Button>
      ) : (
        <Button variant="secondary" isPending={pending} onPress={() => void setUp()}>
          {setUpLabel}
        </Button>
      )}
      <ConfirmDialog
        title={`Remove ${title.toLowerCase()}?`}
        isOpen={confirming}
        confirmLabel="Remove"
        danger
        onConfirm={onRemove}
        onClose={() => setConfirming(false)}
      >
        <p>
          You will no longer be able to sign in with it. Your other devices will be signed out. You need at
          least one other second factor.
        </p>
      </ConfirmDialog>
    </div>
  )
}
