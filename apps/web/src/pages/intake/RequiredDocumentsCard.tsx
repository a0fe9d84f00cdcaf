import type { DocumentCategory } from '@tessera/contracts'
import { useState } from 'react'
import { intakeApi } from '../../api/intake.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Checkbox } from '../../components/Checkbox.tsx'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { CATEGORY_WORDS } from '../documents/document-words.ts'

export interface RequiredDocumentsCardProps {
  /** The categories required now, in the clinic's order. */
  required: readonly DocumentCategory[]
  onSaved: () => void
}

const CATEGORIES = Object.keys(CATEGORY_WORDS) as DocumentCategory[]

/** Which document categories must be verified before an appointment (the readiness ticks). */
export function RequiredDocumentsCard({ required, onSaved }: RequiredDocumentsCardProps) {
  const [chosen, setChosen] = useState(() => new Set(required))
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null)

  const save = async (): Promise<void> => {
    setBusy(true)
    setMessage(null)
    try {
      // Keep the clinic's order for categories already required; new ones follow in list order.
      const kept = required.filter((c) => chosen.has(c))
      const added = CATEGORIES.filter((c) => chosen.has(c) && !kept.includes(c))
      await intakeApi.setRequiredDocuments([...kept, ...added])
      setMessage({
        tone: 'success',
        text: 'Saved. Readiness now asks for these documents, verified, before an appointment.',
      })
      onSaved()
    } catch (error) {
      setMessage({ tone: 'error', text: toSubmitErrors(error).message })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="required-documents-title">
      <h2 id="required-documents-title" className="section-title">
        Documents patients must provide
      </h2>
      <p className="muted">
        A staff member verifies each document. Appointments show which of these are still missing.
      </p>
      <div className="intake-required-documents" role="group" aria-labelledby="required-documents-title">
        {CATEGORIES.map((category) => (
          <Checkbox
            key={category}
            isSelected={chosen.has(category)}
            onChange={(on) =>
              setChosen((prev) => {
                const next = new Set(prev)
                if (on) next.add(category)
                else next.delete(category)
                return next
              })
            }
          >
            {CATEGORY_WORDS[category]}
          </Checkbox>
        ))}
      </div>
      <Button variant="primary" isPending={busy} onPress={() => void save()}>
        Save required documents
      </Button>
      <Alert tone={message?.tone === 'error' ? 'error' : 'success'}>{message?.text}</Alert>
    </section>
  )
}
