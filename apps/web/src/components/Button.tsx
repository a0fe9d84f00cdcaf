import type { Ref } from 'react'
import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components'

export type ButtonVariant = 'primary' | 'secondary' | 'quiet'

export interface ButtonProps extends Omit<AriaButtonProps, 'className' | 'style'> {
  variant?: ButtonVariant
  /** Stretch to the width of the container (forms on phones). */
  fullWidth?: boolean
  className?: string
  ref?: Ref<HTMLButtonElement>
}

/**
 * React Aria's Button: press handling that works the same for mouse, touch, keyboard and screen
 * readers, `isPending` announced to assistive technology, and `data-focus-visible` for the ring.
 */
export function Button({ variant = 'primary', fullWidth = false, className, ...props }: ButtonProps) {
  const classes = ['button', `button--${variant}`, fullWidth ? 'button--full' : '', className ?? '']
  return <AriaButton {...props} className={classes.filter(Boolean).join(' ')} />
}
