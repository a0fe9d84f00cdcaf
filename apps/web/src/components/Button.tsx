import type { Ref } from 'react'
import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components'
import { Spinner } from './Spinner.tsx'

export type ButtonVariant = 'primary' | 'secondary' | 'quiet' | 'danger' | 'link'

export interface ButtonProps extends Omit<AriaButtonProps, 'className' | 'style' | 'isPending'> {
  variant?: ButtonVariant
  /** Stretch to the width of the container (forms on phones). */
  fullWidth?: boolean
  /** Work in progress: a spinner shows, presses are ignored, focus stays on the button. */
  isPending?: boolean
  className?: string
  ref?: Ref<HTMLButtonElement>
}

/**
 * React Aria's Button: press handling that works the same for mouse, touch, keyboard and screen
 * readers, and `data-focus-visible` for the ring.
 *
 * Pending is handled here rather than by React Aria's `isPending`, whose live announcement points
 * at the button by id and outlives it when the page changes underneath (axe then reports an
 * unlabelled image for a few seconds). Here the button stays focusable, says "aria-disabled", shows
 * a spinner and adds "in progress" to its name; the outcome is announced by the page's alert.
 */
export function Button({
  variant = 'primary',
  fullWidth = false,
  isPending = false,
  className,
  children,
  onPress,
  type,
  ...props
}: ButtonProps) {
  const classes = [
    'button',
    `button--${variant}`,
    fullWidth ? 'button--full' : '',
    isPending ? 'button--pending' : '',
    className ?? '',
  ]
  return (
    <AriaButton
      {...props}
      {...(isPending ? { 'aria-disabled': true } : onPress ? { onPress } : {})}
      type={isPending && type === 'submit' ? 'button' : (type ?? 'button')}
      className={classes.filter(Boolean).join(' ')}
    >
      {(renderProps) => (
        <>
          {isPending ? <Spinner /> : null}
          {typeof children === 'function' ? children({ ...renderProps, isPending }) : children}
          {isPending ? <span className="visually-hidden"> (in progress)</span> : null}
        </>
      )}
    </AriaButton>
  )
}
