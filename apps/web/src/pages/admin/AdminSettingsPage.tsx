import type { ClinicAuthSettings } from '@tessera/contracts'
import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { adminApi } from '../../api/admin.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Checkbox } from '../../components/Checkbox.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { useApiData } from '../../lib/use-api-data.ts'

/** Clinic settings; for now the sign-in ones: patient self-registration and emailed codes. */
export function AdminSettingsPage({ area }: { area: Area }) {
  const [data, reload] = useApiData(adminApi.authSettings)
  return (
    <>
      <PageHeader title="Clinic settings" titleContext={area.label}>
        <p>How patients join and sign in. Appointment types, hours and retention come later.</p>
      </PageHeader>
      <section className="card" aria-labelledby="sign-in-settings-title">
        <h2 id="sign-in-settings-title" className="section-title">
          Sign-in
        </h2>
        {data.status === 'loading' ? <Loading label="Loading settings…" /> : null}
        {data.status === 'error' ? (
          <>
            <Alert tone="error" title="We could not load the settings">
              {data.message}
            </Alert>
            <Button variant="secondary" onPress={reload}>
              Try again
            </Button>
          </>
        ) : null}
        {data.status === 'ready' ? <AuthSettingsForm initial={data.data} /> : null}
      </section>
    </>
  )
}

function AuthSettingsForm({ initial }: { initial: ClinicAuthSettings }) {
  const protect = useProtectedAction()
  const [settings, setSettings] = useState(initial)
  const [pending, setPending] = useState(false)
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    setPending(true)
    setResult(null)
    try {
      await protect(() => adminApi.saveAuthSettings(settings))
      setResult({ ok: true, text: 'Settings saved.' })
    } catch (error) {
      setResult({ ok: false, text: toSubmitErrors(error).message })
    } finally {
      setPending(false)
    }
  }

  return (
    <>
      <Alert tone="success">{result?.ok ? result.text : null}</Alert>
      <Alert tone="error" title="The settings were not saved">
        {result && !result.ok ? result.text : null}
      </Alert>
      <Form className="form" onSubmit={(e) => void onSubmit(e)}>
        <Checkbox
          name="patientSelfRegistration"
          isSelected={settings.patientSelfRegistration}
          onChange={(on) => setSettings((s) => ({ ...s, patientSelfRegistration: on }))}
          description="When off, patients join only when the clinic creates their account."
        >
          Patients can create their own account
        </Checkbox>
        <Checkbox
          name="patientEmailCodeAllowed"
          isSelected={settings.patientEmailCodeAllowed}
          onChange={(on) => setSettings((s) => ({ ...s, patientEmailCodeAllowed: on }))}
          description="Easier for some patients, but weaker than a passkey or an authenticator app. Staff always use a passkey or an app."
        >
          Patients can use codes sent by email as their second factor
        </Checkbox>
        <div className="form__actions">
          <Button type="submit" isPending={pending}>
            Save settings
          </Button>
        </div>
      </Form>
    </>
  )
}
