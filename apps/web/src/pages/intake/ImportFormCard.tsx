import type { QuestionnaireVersionView } from '@tessera/contracts'
import { useId, useRef, useState, type ChangeEvent } from 'react'
import { ApiError } from '../../api/client.ts'
import { intakeApi } from '../../api/intake.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { toSubmitErrors } from '../../lib/submit-errors.ts'

export interface ImportFormCardProps {
  onImported: (version: QuestionnaireVersionView) => void
}

type Outcome =
  | { kind: 'none' }
  | { kind: 'done'; version: QuestionnaireVersionView }
  | { kind: 'failed'; message: string; details: ReadonlyArray<{ path: string; message: string }> }

/** Paste or choose a FHIR R4 Questionnaire (JSON); every problem comes back with its path. */
export function ImportFormCard({ onImported }: ImportFormCardProps) {
  const id = useId()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' })
  const file = useRef<HTMLInputElement>(null)

  const onFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const chosen = event.currentTarget.files?.[0]
    event.currentTarget.value = ''
    if (chosen) void chosen.text().then(setText)
  }
  const submit = async (): Promise<void> => {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      setOutcome({
        kind: 'failed',
        message: 'This is not valid JSON. Check the text and try again.',
        details: [],
      })
      return
    }
    setBusy(true)
    try {
      const version = await intakeApi.importForm(parsed)
      setOutcome({ kind: 'done', version })
      setText('')
      onImported(version)
    } catch (error) {
      const details = error instanceof ApiError ? error.details : []
      setOutcome({ kind: 'failed', message: toSubmitErrors(error).message, details })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        Import a questionnaire
      </h2>
      <p className="muted">
        A FHIR R4 Questionnaire in JSON, with a url and a version. A new version of a form is kept beside the
        old ones; answers stay with the version they were given on.
      </p>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-json`}>
          Questionnaire JSON
        </label>
        <textarea
          id={`${id}-json`}
          className="field__input q-textarea intake-json"
          rows={8}
          spellCheck={false}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
        />
      </div>
      <input
        ref={file}
        type="file"
        hidden
        accept="application/json,.json"
        aria-label="Questionnaire file"
        onChange={onFile}
      />
      <div className="button-row intake-import__buttons">
        <Button variant="secondary" onPress={() => file.current?.click()}>
          Choose a JSON file
        </Button>
        <Button
          variant="primary"
          isPending={busy}
          isDisabled={text.trim() === ''}
          onPress={() => void submit()}
        >
          Import
        </Button>
      </div>
      <Alert tone="success">
        {outcome.kind === 'done'
          ? `Imported “${outcome.version.title}”, version ${outcome.version.version}.`
          : null}
      </Alert>
      <Alert tone="error" title={outcome.kind === 'failed' ? 'Not imported' : ''}>
        {outcome.kind === 'failed' ? (
          <>
            <p>{outcome.message}</p>
            {outcome.details.length > 0 ? (
              <ul className="intake-import__problems">
                {outcome.details.map((d, i) => (
                  <li key={i}>
                    <code>{d.path}</code> {d.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </Alert>
    </section>
  )
}
