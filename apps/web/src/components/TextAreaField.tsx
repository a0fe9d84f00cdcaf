import {
  FieldError,
  Label,
  Text,
  TextArea,
  TextField as AriaTextField,
  type TextFieldProps as AriaTextFieldProps,
} from 'react-aria-components'

export interface TextAreaFieldProps extends Omit<AriaTextFieldProps, 'children' | 'className' | 'style'> {
  label: string
  description?: string
  rows?: number
  /** The text area's class, for its page's sizing (consent texts are long, templates short). */
  inputClassName?: string
}

/** A labelled multi-line text field (React Aria), with its hint and error wired to it. */
export function TextAreaField({
  label,
  description,
  rows = 12,
  inputClassName = 'field__textarea',
  isRequired,
  ...props
}: TextAreaFieldProps) {
  return (
    <AriaTextField {...props} isRequired={isRequired ?? false} className="field">
      <Label className="field__label">{label}</Label>
      {description ? (
        <Text slot="description" className="field__description">
          {description}
        </Text>
      ) : null}
      <TextArea className={`field__input ${inputClassName}`} rows={rows} />
      <FieldError className="field__error">
        {({ validationDetails, validationErrors }) =>
          validationDetails.valueMissing ? `Enter the ${label.toLowerCase()}.` : validationErrors.join(' ')
        }
      </FieldError>
    </AriaTextField>
  )
}
