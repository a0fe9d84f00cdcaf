import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { normaliseCode } from '../lib/factors.ts'
import { formText } from '../lib/form-values.ts'
import { toSubmitErrors, type SubmitErrors } from '../lib/submit-errors.ts'
import { Alert } from './Alert.tsx'
import { Button } from './Button.tsx'
import { TextField } from './TextField.tsx'

export interface CodeFormProps {
  /** `digits`: a 6-digit one-time code (numeric keypad, autofill from SMS/mail). `recovery`: a saved code. */
  kind: 'digits' | 'recovery'
  label: string
  description?: string
  submitLabel: string
  /** Sends the code; a rejection is shown next to the field and in the alert region. */
  onSubmit: (code: string) => Promise<void>
  autoFocus?: boolean
  /** Secondary when another primary action (a passkey) sits above the form. */
  submitVariant?: 'primary' | 'secondary'
}

/** One code field and its submit button, with the server's answer shown beside the field. */
export function CodeForm({
  kind,
  label,
  description,
  submitLabel,
  onSubmit,
  autoFocus,
  submitVariant = 'primary',
}: CodeFormProps) {
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const raw = formText(new FormData(event.currentTarget), 'code')
    setPending(true)
    setErrors(null)
    try {
      await onSubmit(kind === 'digits' ? normaliseCode(raw) : raw.trim())
    } catch (error) {
      setErrors(toSubmitErrors(error))
    } finally {
      setPending(false)
    }
  }

  const digits = kind === 'digits'
  return (
    <>
      <Alert tone="error" title="That code did not work">
        {errors?.message}
      </Alert>
      <Form className="form" validationErrors={errors?.fields ?? {}} onSubmit={(event) => void submit(event)}>
        <TextField
          name="code"
          label={label}
          isRequired
          requiredMessage={digits ? 'Enter the 6-digit code.' : 'Enter one of your recovery codes.'}
          autoComplete={digits ? 'one-time-code' : 'off'}
          inputMode={digits ? 'numeric' : 'text'}
          autoCorrect="off"
          spellCheck="false"
          maxLength={digits ? 9 : 64}
          {...(digits
            ? {
                pattern: '\\s*[0-9]{3}[\\s\\-]?[0-9]{3}\\s*',
                patternMessage: 'Enter the 6 digits, like 123456.',
              }
            : {})}
          {...(description ? { description } : {})}
          {...(autoFocus ? { autoFocus } : {})}
        />
        <div className="form__actions">
          <Button type="submit" variant={submitVariant} fullWidth isPending={pending}>
            {submitLabel}
          </Button>
        </div>
      </Form>
    </>
  )
}
