import type { DocumentView } from '@tessera/contracts'
import { useCallback, useRef, type ChangeEvent } from 'react'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { ACCEPTED_TYPES, fileProblem, sizeWords } from '../documents/document-words.ts'
import { UploadProgress } from '../documents/UploadProgress.tsx'
import { progressAnnouncement, useUpload } from '../documents/use-upload.ts'

export interface AttachPhotoProps {
  patientId: string
  attached: readonly DocumentView[]
  onChange: (attached: DocumentView[]) => void
  max: number
}

/** Files go to the patient's vault first (encrypted, with progress); the message refers to them. */
export function AttachPhoto({ patientId, attached, onChange, max }: AttachPhotoProps) {
  const onUploaded = useCallback(
    (document: DocumentView) => onChange([...attached, document]),
    [attached, onChange],
  )
  const upload = useUpload(onUploaded)
  const input = useRef<HTMLInputElement>(null)
  const busy = upload.state.status === 'sending' || upload.state.status === 'saving'

  const onFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.currentTarget.files?.[0]
    event.currentTarget.value = ''
    if (!file) return
    const problem = fileProblem(file)
    if (problem) upload.refuse(file.name, problem)
    else upload.start(patientId, 'other', file)
  }

  return (
    <div className="msg-attach">
      {attached.length ? (
        <ul className="msg-attach__list" aria-label="Attached files">
          {attached.map((d) => (
            <li key={d.id}>
              <span className="msg-attach__name">{d.title}</span>{' '}
              <span className="muted">({sizeWords(d.size)})</span>{' '}
              <Button variant="quiet" onPress={() => onChange(attached.filter((x) => x.id !== d.id))}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      {attached.length < max ? (
        <Button variant="secondary" isPending={busy} onPress={() => input.current?.click()}>
          Attach a photo or PDF
        </Button>
      ) : null}
      <input
        ref={input}
        type="file"
        hidden
        accept={ACCEPTED_TYPES.join(',')}
        aria-label="Attach a photo or PDF"
        data-testid="message-file"
        onChange={onFile}
      />
      {upload.state.status === 'sending' || upload.state.status === 'saving' ? (
        <UploadProgress state={upload.state} onCancel={upload.cancel} />
      ) : null}
      <p className="visually-hidden" role="status">
        {progressAnnouncement(upload.state)}
      </p>
      <Alert
        tone="error"
        title={upload.state.status === 'failed' ? `“${upload.state.fileName}” was not attached` : ''}
      >
        {upload.state.status === 'failed' ? upload.state.message : null}
      </Alert>
    </div>
  )
}
