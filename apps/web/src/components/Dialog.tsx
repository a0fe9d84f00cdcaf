import type { ReactNode } from 'react'
import { Dialog as AriaDialog, Heading, Modal, ModalOverlay } from 'react-aria-components'

export interface DialogProps {
  title: string
  isOpen: boolean
  /** Called with false when the person presses Escape or (if dismissable) outside the dialog. */
  onOpenChange: (isOpen: boolean) => void
  /** Whether a press outside closes it; off for dialogs whose work is in progress. */
  isDismissable?: boolean
  /** alertdialog for confirmations of destructive actions. */
  role?: 'dialog' | 'alertdialog'
  children: ReactNode
}

/**
 * A modal dialog from React Aria: focus moves in and is contained, Escape closes it, focus returns
 * to the opener, and the page behind is hidden from screen readers. Its title labels it.
 */
export function Dialog({ title, isOpen, onOpenChange, isDismissable = true, role, children }: DialogProps) {
  return (
    <ModalOverlay
      isOpen={isOpen}
      onOpenChange={onOpenChange}
      isDismissable={isDismissable}
      className="modal-overlay"
    >
      <Modal className="modal">
        <AriaDialog className="dialog" {...(role ? { role } : {})}>
          <Heading slot="title" className="dialog__title">
            {title}
          </Heading>
          {children}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  )
}
