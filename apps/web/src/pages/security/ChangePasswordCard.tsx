import type { SessionView } from '@tessera/contracts'
import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { accountApi } from '../../api/account.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { PasswordField } from '../../components/PasswordField.tsx'
import { TextField } from '../../components/TextField.tsx'
import { formText } from '../../lib/form-values.ts'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { toSubmitErrors, type SubmitErrors } from '../../lib/submit-errors.ts'

/** Change password: the current one, and a new one rated as it is typed. Needs a recent second factor. */
export function ChangePasswordCard({ view }: { view: SessionView }) {
  const protect = useProtectedAction()
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)
  const [done, setDone] = useState(false)
  // A new key remounts the form, clearing both fields after a change.
  const [formKey, setFormKey] = useState(0)

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    const body = {
      currentPassword: formText(data, 'currentPassword'),
      newPassword: formText(data, 'newPassword'),
    }
    setPending(true)
    setErrors(null)
    setDone(false)
    try {
      await protect(() => accountApi.changePassword(body))
      setDone(true)
      setFormKey((k) => k + 1)
    } catch (error) {
      setErrors(toSubmitErrors(error))
    } finally {
      setPending(false)
    }
  }

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title" className="section-title">
        Password
      </h2>
      <Alert tone="success">{done ? 'Your password is changed.' : null}</Alert>
      <Alert tone="error" title="Your password was not changed">
        {errors?.message}
      </Alert>
      <Form
        key={formKey}
        className="form"
        validationErrors={errors?.fields ?? {}}
        onSubmit={(e) => void onSubmit(e)}
      >
        {/* Lets password managers file the new password under the right account. */}
        <input type="hidden" name="username" autoComplete="username" value={view.account.email} />
        <TextField
          name="currentPassword"
          type="password"
          label="Current password"
          autoComplete="current-password"
          isRequired
          requiredMessage="Enter your current password."
        />
        <PasswordField
          name="newPassword"
          label="New password"
          userInputs={[view.account.email, view.account.displayName]}
        />
        <div className="form__actions">
          <Button type="submit" isPending={pending}>
            Change password
          </Button>
        </div>
      </Form>
    </section>
  )
}
