import { useState } from 'react'
import type { ConsultNoteView } from '@tessera/contracts'
import { Button } from '../../../components/Button.tsx'
import { formatWhen } from '../../../components/scheduling/time-words.ts'
import { AmendmentForm } from './AmendmentForm.tsx'

export interface SignedNoteProps {
  appointmentId: string
  note: ConsultNoteView
  onChange: (note: ConsultNoteView) => void
}

/** The signed note, read-only, with its amendments (each with its reason) and "Add an amendment". */
export function SignedNote({ appointmentId, note, onChange }: SignedNoteProps) {
  const [adding, setAdding] = useState(false)
  return (
    <div className="notes-panel__signed">
      <p className="notes-panel__signature">
        Signed{note.signedBy ? ` by ${note.signedBy}` : ''}
        {note.signedAt ? `, ${formatWhen(note.signedAt)}` : ''}. The note is locked.
      </p>
      <div className="notes-panel__text">{note.text}</div>
      {note.amendments.length ? (
        <section aria-labelledby="notes-amendments-title">
          <h3 id="notes-amendments-title" className="notes-panel__subtitle">
            Amendments
          </h3>
          <ol className="notes-panel__amendments">
            {note.amendments.map((a, i) => (
              <li key={`${a.at}-${i}`} className="notes-panel__amendment">
                <p className="muted">
                  {a.authorName || 'Amended'}
                  {a.at ? `, ${formatWhen(a.at)}` : ''}
                </p>
                <p className="notes-panel__reason">
                  <strong>Reason:</strong> {a.reason}
                </p>
                <div className="notes-panel__text">{a.text}</div>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {adding ? (
        <AmendmentForm
          appointmentId={appointmentId}
          onDone={(updated) => {
            onChange(updated)
            setAdding(false)
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <div className="button-row notes-panel__actions">
          <Button variant="secondary" onPress={() => setAdding(true)}>
            Add an amendment
          </Button>
        </div>
      )}
    </div>
  )
}
