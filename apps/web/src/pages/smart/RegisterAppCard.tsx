import type { RegisteredSmartApp, SmartAppType } from '@tessera/contracts'
import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { smartApi } from '../../api/smart.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Checkbox } from '../../components/Checkbox.tsx'
import { SelectField } from '../../components/SelectField.tsx'
import { TextField } from '../../components/TextField.tsx'
import { formText } from '../../lib/form-values.ts'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { toSubmitErrors, type SubmitErrors } from '../../lib/submit-errors.ts'
import './smart.css'

const TYPES = [
  { value: 'public', label: 'Public: runs on a phone or in a browser (no secret, PKCE)' },
  { value: 'confidential', label: 'Confidential: runs on a server it controls (gets a secret)' },
] as const

/** The scopes an app may be allowed, in the words an administrator needs. */
export const SCOPE_CHOICES = [
  { scope: 'patient/*.rs', label: "Patients' own records (read)", initial: true },
  { scope: 'user/*.rs', label: 'Staff: what each member of staff can see (read)', initial: false },
  { scope: 'openid', label: 'Sign-in: who is using the app (openid)', initial: true },
  { scope: 'fhirUser', label: "The patient's record reference (fhirUser)", initial: true },
  { scope: 'launch/patient', label: 'Patient context for a standalone launch', initial: true },
  { scope: 'offline_access', label: 'Stay connected until the person disconnects it', initial: false },
] as const

export interface RegisterAppCardProps {
  onRegistered: () => void
}

/** Register an outside app: its name, kind, exact return addresses and what it may ask for. */
export function RegisterAppCard({ onRegistered }: RegisterAppCardProps) {
  const protect = useProtectedAction()
  const [type, setType] = useState<SmartAppType>('public')
  const [chosen, setChosen] = useState<Set<string>>(
    () => new Set(SCOPE_CHOICES.filter((c) => c.initial).map((c) => c.scope)),
  )
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)
  const [registered, setRegistered] = useState<RegisteredSmartApp | null>(null)
  const [formKey, setFormKey] = useState(0)

  const toggle = (scope: string, on: boolean): void =>
    setChosen((all) => {
      const next = new Set(all)
      if (on) next.add(scope)
      else next.delete(scope)
      return next
    })

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    const extra = formText(data, 'moreScopes').split(/\s+/).filter(Boolean)
    setPending(true)
    setErrors(null)
    setRegistered(null)
    try {
      const result = await protect(() =>
        smartApi.register({
          name: formText(data, 'name'),
          type,
          redirectUris: formText(data, 'redirectUris').split(/\s+/).filter(Boolean),
          scopes: [...chosen, ...extra],
        }),
      )
      setRegistered(result)
      setFormKey((k) => k + 1)
      onRegistered()
    } catch (error) {
      setErrors(toSubmitErrors(error))
    } finally {
      setPending(false)
    }
  }

  return (
    <section className="card" aria-labelledby="register-app-title">
      <h2 id="register-app-title" className="section-title">
        Register an app
      </h2>
      <p className="muted">
        People still decide for themselves: an app gets only what a person allows on the consent screen,
        within what you allow here and what their role may see.
      </p>
      <Alert tone="success" {...(registered ? { title: `${registered.app.name} is registered` } : {})}>
        {registered ? (
          <>
            <p>
              Client ID: <span className="smart-secret">{registered.app.clientId}</span>
            </p>
            {registered.clientSecret ? (
              <p>
                Client secret: <span className="smart-secret">{registered.clientSecret}</span>
                <br />
                Copy it into the app now: it is not shown again.
              </p>
            ) : null}
          </>
        ) : null}
      </Alert>
      <Alert tone="error" title="The app was not registered">
        {errors?.message}
      </Alert>
      <Form
        key={formKey}
        className="form"
        validationErrors={errors?.fields ?? {}}
        onSubmit={(e) => void onSubmit(e)}
      >
        <TextField
          name="name"
          label="App name"
          description="People see this name on the consent screen."
          isRequired
        />
        <SelectField
          name="type"
          label="Kind of app"
          value={type}
          options={TYPES}
          onChange={(value) => setType(value === 'confidential' ? 'confidential' : 'public')}
        />
        <TextField
          name="redirectUris"
          label="Redirect URIs"
          description="Exact addresses the app returns to, separated by spaces. https, or http://localhost for testing."
          isRequired
        />
        <fieldset className="fieldset">
          <legend className="field__label">What the app may ask for</legend>
          {SCOPE_CHOICES.map((choice) => (
            <Checkbox
              key={choice.scope}
              isSelected={chosen.has(choice.scope)}
              onChange={(on) => toggle(choice.scope, on)}
            >
              {choice.label}
            </Checkbox>
          ))}
        </fieldset>
        <TextField
          name="moreScopes"
          label="More scopes"
          description="Narrower SMART scopes, separated by spaces, e.g. patient/Observation.rs"
        />
        <div className="form__actions">
          <Button type="submit" isPending={pending}>
            Register app
          </Button>
        </div>
      </Form>
    </section>
  )
}
