import { useId, type InputHTMLAttributes } from 'react'

export interface NativeFieldProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'className' | 'style' | 'onChange'
> {
  label: string
  value: string
  onChange: (value: string) => void
  /** The server's or the form's message for this field. */
  error?: string | undefined
  /** Hide the label visually (it is still the input's name), for compact rows. */
  hideLabel?: boolean
}

/**
 * A native date or time input with its label and error, for the browser's own date and time
 * pickers (keyboard and screen reader support included).
 */
export function NativeField({
  label,
  value,
  onChange,
  error,
  hideLabel = false,
  ...props
}: NativeFieldProps) {
  const id = useId()
  return (
    <div className="field sched-native-field">
      <label className={hideLabel ? 'visually-hidden' : 'field__label'} htmlFor={id}>
        {label}
      </label>
      <input
        {...props}
        id={id}
        className="field__input"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  )
}
