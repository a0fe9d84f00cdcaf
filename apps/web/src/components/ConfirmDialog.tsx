import { useState, type ReactNode } from 'react'
import { toSubmitErrors } from '../lib/submit-errors.ts'
import { Alert } from './Alert.tsx'
import { Button } from './Button.tsx'
import { Dialog } from './Dialog.tsx'

export interface ConfirmDialogProps {
  title: string
  isOpen: boolean
  confirmLabel: string
  /** Red confirm button for actions that take something away. */
  danger?: boolean
  /** Runs the action; the dialog stays open (showing progress, then any error) until it settles. */
  onConfirm: () => Promise<void>
  onClose: () => void
  children: ReactNode
}

/** "Are you sure?" for actions that are hard to undo, with progress and the server's answer. */
export function ConfirmDialog({
  title,
  isOpen,
  confirmLabel,
  danger = false,
  onConfirm,
  onClose,
  children,
}: ConfirmDialogProps) {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const close = (): void => {
    if (pending) return
    setError(null)
    onClose()
  }

  const confirm = async (): Promise<void> => {
    setPending(true)
    setError(null)
    try {
      await onConfirm()
      setPending(false)
      onClose()
    } catch (cause) {
      setPending(false)
      setError(toSubmitErrors(cause).message)
    }
  }

  return (
    <Dialog
      title={title}
      isOpen={isOpen}
      onOpenChange={(open) => (open ? undefined : close())}
      isDismissable={!pending}
      role="alertdialog"
    >
      <div className="dialog__body">{children}</div>
      <Alert tone="error" title="That did not work">
        {error}
      </Alert>
      <div className="dialog__actions">
        <Button variant={danger ? 'danger' : 'primary'} isPending={pending} onPress={() => void confirm()}>
          {confirmLabel}
        </Button>
        <Button variant="quiet" isDisabled={pending} onPress={close}>
          Cancel
        </Button>
      </div>
    </Dialog>
  )
}
