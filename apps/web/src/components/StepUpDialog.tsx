import type { FactorKind } from '@tessera/contracts'
import { Button } from './Button.tsx'
import { Dialog } from './Dialog.tsx'
import { SecondFactorForm } from './SecondFactorForm.tsx'

export interface StepUpDialogProps {
  isOpen: boolean
  methods: readonly FactorKind[]
  onConfirmed: () => void
  onCancel: () => void
}

/** "Confirm it's you": a second factor before a sensitive change, then the change is retried. */
export function StepUpDialog({ isOpen, methods, onConfirmed, onCancel }: StepUpDialogProps) {
  return (
    <Dialog title="Confirm it’s you" isOpen={isOpen} onOpenChange={(open) => (open ? undefined : onCancel())}>
      <p className="dialog__body">
        For your safety, this change needs your second factor. We will then finish what you asked.
      </p>
      {methods.length > 0 ? (
        <SecondFactorForm methods={methods} purpose="step-up" onDone={onConfirmed} />
      ) : (
        <p>We could not find a second factor for this account. Sign out, then sign in again.</p>
      )}
      <div className="dialog__actions">
        <Button variant="quiet" onPress={onCancel}>
          Cancel
        </Button>
      </div>
    </Dialog>
  )
}
