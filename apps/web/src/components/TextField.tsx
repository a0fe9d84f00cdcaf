import type { FormEvent } from 'react'
import {
  FieldError,
  Input,
  Label,
  Text,
  TextField as AriaTextField,
  type TextFieldProps as AriaTextFieldProps,
} from 'react-aria-components'

export interface TextFieldProps extends Omit<AriaTextFieldProps, 'children' | 'className' | 'style'> {
  label: string
  /** Hint shown under the label and linked with aria-describedby. */
  description?: string
  /** Shown when a required field is left empty; defaults to "Enter your <label>." */
  requiredMessage?: string
  /** Shown when the value does not match the input type (e.g. not an email address). */
  typeMismatchMessage?: string
  /** Shown when the value is shorter than minLength. */
  tooShortMessage?: string
  /** Shown when the value does not match `pattern`. */
  patternMessage?: string
  placeholder?: string
}

/**
 * A labelled text input with description and error message wired for assistive technology by
 * React Aria. Client-side messages come from the browser's constraint validation, reworded in
 * plain language; server messages arrive through the parent <Form validationErrors>.
 */
/**
 * React Aria re-validates a native field on its `change` event (blur). While an error is showing,
 * re-validate on every keystroke instead, so the message clears as soon as the value is fixed and
 * not on the blur caused by pressing Submit, which would shift the button from under the pointer
 * and swallow the click. A non-bubbling event reaches React Aria's listener on the input only.
 */
function recheckWhileInvalid(event: FormEvent<HTMLInputElement>): void {
  if (event.currentTarget.getAttribute('aria-invalid') === 'true') {
    event.currentTarget.dispatchEvent(new Event('change'))
  }
}

export function TextField({
  label,
  description,
  requiredMessage,
  typeMismatchMessage,
  tooShortMessage,
  patternMessage,
  placeholder,
  isRequired,
  ...props
}: TextFieldProps) {
  return (
    <AriaTextField {...props} isRequired={isRequired ?? false} className="field">
      <Label className="field__label">
        {label}
        {isRequired ? null : <span className="field__optional"> (optional)</span>}
      </Label>
      {description ? (
        <Text slot="description" className="field__description">
          {description}
        </Text>
      ) : null}
      <Input
        className="field__input"
        onInput={recheckWhileInvalid}
        {...(placeholder ? { placeholder } : {})}
      />
      <FieldError className="field__error">
        {({ validationDetails, validationErrors }) => {
          if (validationDetails.valueMissing) return requiredMessage ?? `Enter your ${label.toLowerCase()}.`
          if (validationDetails.typeMismatch && typeMismatchMessage) return typeMismatchMessage
          if (validationDetails.tooShort && tooShortMessage) return tooShortMessage
          if (validationDetails.patternMismatch && patternMessage) return patternMessage
          return validationErrors.join(' ')
        }}
      </FieldError>
    </AriaTextField>
  )
}
