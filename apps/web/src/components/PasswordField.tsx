import { useEffect, useId, useState } from 'react'
import { PASSWORD_MIN_LENGTH, preloadPasswordChecker, usePasswordStrength } from '../lib/password-strength.ts'
import { StrengthMeter } from './StrengthMeter.tsx'
import { TextField } from './TextField.tsx'

export interface PasswordFieldProps {
  name: string
  label: string
  description?: string
  /** Name, email: a password built from them is rated weak. */
  userInputs?: readonly string[]
}

/** A new password with a strength meter under it. The estimator loads when this field appears. */
export function PasswordField({ name, label, description, userInputs = [] }: PasswordFieldProps) {
  const [value, setValue] = useState('')
  const strength = usePasswordStrength(value, userInputs)
  const adviceId = useId()

  useEffect(() => preloadPasswordChecker(), [])

  return (
    <div className="password-field">
      <TextField
        name={name}
        type="password"
        label={label}
        autoComplete="new-password"
        isRequired
        requiredMessage="Choose a password."
        minLength={PASSWORD_MIN_LENGTH}
        tooShortMessage={`Use at least ${PASSWORD_MIN_LENGTH} characters.`}
        value={value}
        onChange={setValue}
        aria-describedby={adviceId}
        {...(description ? { description } : {})}
      />
      <StrengthMeter strength={strength} adviceId={adviceId} />
    </div>
  )
}
