import type { FactorList } from '@tessera/contracts'
import { useState } from 'react'
import { accountApi } from '../../api/account.ts'
import { passkeysSupported, registerPasskey } from '../../api/passkeys.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { deviceLabel } from '../../lib/device-label.ts'
import { formatDate } from '../../lib/format-time.ts'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { toSubmitErrors } from '../../lib/submit-errors.ts'

type Passkey = FactorList['passkeys'][number]

export interface PasskeysSectionProps {
  passkeys: readonly Passkey[]
  onChanged: (notice: string) => void
  /** Added to the notice after a removal (other sessions end). */
  removedNote: string
}

/** The account's passkeys with their labels; add one in a tap, remove one after confirming. */
export function PasskeysSection({ passkeys, onChanged, removedNote }: PasskeysSectionProps) {
  const protect = useProtectedAction()
  const [adding, setAdding] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [removing, setRemoving] = useState<Passkey | null>(null)

  const add = async (): Promise<void> => {
    setAdding(true)
    setError(null)
    try {
      await protect(() => registerPasskey(deviceLabel()))
      onChanged('Passkey added.')
    } catch (cause) {
      setError(toSubmitErrors(cause).message)
    } finally {
      setAdding(false)
    }
  }

  return (
    <div className="factor">
      <div className="factor__head">
        <h3 className="subsection-title">Passkeys</h3>
        <span className={passkeys.length > 0 ? 'badge badge--success' : 'badge'}>{passkeys.length}</span>
      </div>
      <p className="muted">Sign in with your fingerprint, face or screen lock. The safest choice.</p>
      <Alert tone="error">{error}</Alert>
      {passkeys.length > 0 ? (
        <ul className="item-list">
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="item">
              <div className="item__main">
                <p className="item__title">{passkey.label || 'Passkey'}</p>
                <p className="item__meta">
                  Added {formatDate(passkey.createdAt)}
                  {passkey.lastUsedAt ? ` · last used ${formatDate(passkey.lastUsedAt)}` : ' · not used yet'}
                </p>
              </div>
              <Button variant="quiet" onPress={() => setRemoving(passkey)}>
                Remove<span className="visually-hidden"> {passkey.label}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      {passkeysSupported() ? (
        <Button variant="secondary" isPending={adding} onPress={() => void add()}>
          Add a passkey
        </Button>
      ) : (
        <p className="muted">This browser cannot create passkeys.</p>
      )}
      <ConfirmDialog
        title="Remove this passkey?"
        isOpen={removing !== null}
        confirmLabel="Remove passkey"
        danger
        onConfirm={async () => {
          if (!removing) return
          await protect(() => accountApi.removeFactor('passkey', removing.id))
          onChanged(`Passkey removed. ${removedNote}`)
        }}
        onClose={() => setRemoving(null)}
      >
        <p>
          “{removing?.label}” will no longer sign you in. Your other devices will be signed out. You need at
          least one other second factor.
        </p>
      </ConfirmDialog>
    </div>
  )
}
