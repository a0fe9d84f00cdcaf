import { useState } from 'react'
import { NOTE_MAX_CHARS } from '@tessera/contracts'
import { ApiError } from '../../../api/client.ts'
import { consultNotesApi } from '../../../api/consult-notes.ts'
import { Alert } from '../../../components/Alert.tsx'
import { Button } from '../../../components/Button.tsx'
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx'
import { TextAreaField } from '../../../components/TextAreaField.tsx'
import { useProtectedAction } from '../../../lib/step-up.tsx'
import { SaveStatus } from './SaveStatus.tsx'
import type { NoteDraft } from './use-note-draft.ts'

export interface DraftEditorProps {
  appointmentId: string
  draft: NoteDraft
}

/** The draft: a text area saved as you type, and "Sign note" (with a confirmation) at the end. */
export function DraftEditor({ appointmentId, draft }: DraftEditorProps) {
  const protect = useProtectedAction()
  const [confirming, setConfirming] = useState(false)
  const conflict = draft.save.kind === 'error' && draft.save.conflict

  const sign = async (): Promise<void> => {
    if (!(await draft.flush()))
      throw new ApiError(0, 'not-saved', 'The latest changes are not saved yet; sign once they are.')
    const signed = await protect(() => consultNotesApi.sign(appointmentId, draft.version()))
    draft.accept(signed)
  }

  return (
    <div className="notes-panel__draft">
      <TextAreaField
        label="Notes"
        description="Saved automatically every few seconds. Sign the note when the consultation is over."
        value={draft.text}
        onChange={draft.setText}
        onBlur={() => void draft.flush()}
        maxLength={NOTE_MAX_CHARS}
        rows={14}
        inputClassName="field__textarea notes-panel__textarea"
        isReadOnly={conflict}
      />
      <SaveStatus save={draft.save} />
      {conflict ? (
        <Alert tone="info" title="Copy anything you need first">
          Reloading shows the note as it was last saved and replaces what is in the box.
          <div className="button-row notes-panel__actions">
            <Button variant="secondary" onPress={draft.reload}>
              Reload the note
            </Button>
          </div>
        </Alert>
      ) : null}
      <div className="button-row notes-panel__actions">
        <Button isDisabled={!draft.text.trim() || conflict} onPress={() => setConfirming(true)}>
          Sign note
        </Button>
      </div>
      <ConfirmDialog
        title="Sign this note?"
        isOpen={confirming}
        confirmLabel="Sign note"
        onConfirm={sign}
        onClose={() => setConfirming(false)}
      >
        <p>
          A signed note is locked in the patient&apos;s record. To change it later, add an amendment with a
          reason; the signed text stays as it is.
        </p>
      </ConfirmDialog>
    </div>
  )
}
