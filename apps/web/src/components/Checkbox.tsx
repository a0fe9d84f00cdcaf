import type { ReactNode } from 'react'
import {
  CheckboxButton,
  CheckboxField,
  FieldError,
  Text,
  type CheckboxFieldProps,
} from 'react-aria-components'

export interface CheckboxProps extends Omit<CheckboxFieldProps, 'children' | 'className' | 'style'> {
  children: ReactNode
  description?: string
  /** Shown when a required box is left unticked on submit. */
  requiredMessage?: string
}

/** A labelled checkbox (the whole label is the 44 px target) with description and error text. */
export function Checkbox({ children, description, requiredMessage, ...props }: CheckboxProps) {
  return (
    <CheckboxField {...props} className="checkbox-field">
      <CheckboxButton className="checkbox">
        {({ isSelected }) => (
          <>
            <span className="checkbox__box" aria-hidden="true">
              {isSelected ? (
                <svg viewBox="0 0 16 16" focusable="false">
                  <path d="M3 8.5l3.2 3L13 4.5" />
                </svg>
              ) : null}
            </span>
            <span className="checkbox__label">{children}</span>
          </>
        )}
      </CheckboxButton>
      {description ? (
        <Text slot="description" className="field__description checkbox-field__description">
          {description}
        </Text>
      ) : null}
      <FieldError className="field__error">
        {({ validationDetails, validationErrors }) =>
          validationDetails.valueMissing && requiredMessage ? requiredMessage : validationErrors.join(' ')
        }
      </FieldError>
    </CheckboxField>
  )
}
