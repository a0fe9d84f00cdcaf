import { Alert } from '../../../components/Alert.tsx'
import { Button } from '../../../components/Button.tsx'
import { Loading } from '../../../components/Loading.tsx'
import '../../../styles/consult-notes.css'
import { ConsultPrescribing } from '../../prescribing/ConsultPrescribing.tsx'
import { DraftEditor } from './DraftEditor.tsx'
import { SignedNote } from './SignedNote.tsx'
import { useNoteDraft } from './use-note-draft.ts'

export interface NotesPanelProps {
  appointmentId: string
}

/**
 * JOURNEYS.md clinician steps 3 and 5: the note beside the video, autosaved to the consultation's
 * record (it survives a reload or a crash), signed at the end, then locked with amendments.
 */
export function NotesPanel({ appointmentId }: NotesPanelProps) {
  const draft = useNoteDraft(appointmentId)
  const { load } = draft

  return (
    <aside className="notes-panel" aria-labelledby="notes-panel-title">
      <h2 id="notes-panel-title" className="notes-panel__title">
        Consultation notes
      </h2>
      {load.status === 'loading' ? <Loading label="Loading your notes…" /> : null}
      {load.status === 'error' ? (
        <div className="stack">
          <Alert tone="error" title="We could not load the notes">
            {load.notFound ? 'Notes are kept by the clinician of this consultation only.' : load.message}
          </Alert>
          {load.notFound ? null : (
            <div className="button-row">
              <Button variant="secondary" onPress={draft.reload}>
                Try again
              </Button>
            </div>
          )}
        </div>
      ) : null}
      {load.status === 'ready' ? (
        load.note.status === 'empty' || load.note.status === 'draft' ? (
          <DraftEditor appointmentId={appointmentId} draft={draft} />
        ) : (
          <SignedNote appointmentId={appointmentId} note={load.note} onChange={draft.accept} />
        )
      ) : null}
      <ConsultPrescribing appointmentId={appointmentId} />
    </aside>
  )
}
