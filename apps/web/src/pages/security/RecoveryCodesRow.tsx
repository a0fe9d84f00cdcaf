import { useState } from 'react'
import { Button } from '../../components/Button.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'

export interface RecoveryCodesRowProps {
  left: number
  onRegenerate: () => Promise<void>
}

/** How many recovery codes are left, and a way to replace them all. */
export function RecoveryCodesRow({ left, onRegenerate }: RecoveryCodesRowProps) {
  const [confirming, setConfirming] = useState(false)
  return (
    <div className="factor">
      <div className="factor__head">
        <h3 className="subsection-title">Recovery codes</h3>
        <span className={left > 2 ? 'badge badge--success' : 'badge badge--warning'}>{left} left</span>
      </div>
      <p className="muted">
        For when you cannot use your other methods. Each code works once.
        {left <= 2 ? ' You are running low: make new ones.' : ''}
      </p>
      <Button variant="secondary" onPress={() => setConfirming(true)}>
        Make new recovery codes
      </Button>
      <ConfirmDialog
        title="Make new recovery codes?"
        isOpen={confirming}
        confirmLabel="Make new codes"
        onConfirm={onRegenerate}
        onClose={() => setConfirming(false)}
      >
        <p>Your current recovery codes will stop working. You will see the new ones once, to save them.</p>
      </ConfirmDialog>
    </div>
  )
}
