import type { IntakeFormDefinition } from '@tessera/contracts'
import { useState } from 'react'
import { intakeApi } from '../../api/intake.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Checkbox } from '../../components/Checkbox.tsx'
import { formatDate } from '../../lib/format-time.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'

export interface FormLibraryProps {
  forms: readonly IntakeFormDefinition[]
  onSaved: () => void
}

/** The clinic's forms with every version kept, and which ones every patient must complete. */
export function FormLibrary({ forms, onSaved }: FormLibraryProps) {
  const [required, setRequired] = useState(() => new Set(forms.filter((f) => f.required).map((f) => f.url)))
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null)

  const save = async (): Promise<void> => {
    setBusy(true)
    setMessage(null)
    try {
      await intakeApi.setRequired(forms.map((f) => f.url).filter((url) => required.has(url)))
      setMessage({ tone: 'success', text: 'Saved. Patients see the required forms in their portal.' })
      onSaved()
    } catch (error) {
      setMessage({ tone: 'error', text: toSubmitErrors(error).message })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="form-library-title">
      <h2 id="form-library-title" className="section-title">
        The clinic&apos;s forms
      </h2>
      {forms.length === 0 ? <p className="muted">No forms yet. Import one above.</p> : null}
      <ul className="item-list">
        {forms.map((form) => {
          const active = form.versions.some((v) => v.status === 'active')
          return (
            <li key={form.url} className="item intake-library-item">
              <div className="item__main">
                <p className="item__title">{form.title}</p>
                <p className="item__meta intake-url">{form.url}</p>
                <ul className="intake-versions">
                  {form.versions.map((v) => (
                    <li key={v.id}>
                      Version {v.version}: {v.status}, {v.questions} questions, imported{' '}
                      {formatDate(v.importedAt)}
                    </li>
                  ))}
                </ul>
                <Checkbox
                  isSelected={required.has(form.url)}
                  isDisabled={!active}
                  onChange={(on) =>
                    setRequired((prev) => {
                      const next = new Set(prev)
                      if (on) next.add(form.url)
                      else next.delete(form.url)
                      return next
                    })
                  }
                >
                  Every patient completes this form
                </Checkbox>
              </div>
            </li>
          )
        })}
      </ul>
      {forms.length > 0 ? (
        <Button variant="primary" isPending={busy} onPress={() => void save()}>
          Save required forms
        </Button>
      ) : null}
      <Alert tone={message?.tone === 'error' ? 'error' : 'success'}>{message?.text}</Alert>
    </section>
  )
}
