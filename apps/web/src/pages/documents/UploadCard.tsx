import type { DocumentCategory, DocumentView } from '@tessera/contracts'
import { useEffect, useRef, useState, type ChangeEvent, type Ref } from 'react'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { CategoryField } from './CategoryField.tsx'
import { ACCEPTED_TYPES, fileProblem } from './document-words.ts'
import { UploadProgress } from './UploadProgress.tsx'
import { progressAnnouncement, useUpload } from './use-upload.ts'

export interface UploadCardProps {
  patientId: string
  category: DocumentCategory | ''
  onCategoryChange: (category: DocumentCategory | '') => void
  onUploaded: (document: DocumentView) => void
  /** The card's heading, focused when the patient is sent here to upload a document again. */
  headingRef?: Ref<HTMLHeadingElement>
}

type Source = 'camera' | 'files'

const ACCEPT_ANY = ACCEPTED_TYPES.join(',')
const ACCEPT_PHOTO = ACCEPTED_TYPES.filter((type) => type.startsWith('image/')).join(',')

/**
 * Upload from the phone's camera or from files: choose what it is, then "Take a photo" or "Choose a
 * file" opens the picker and the upload starts at once, with progress in bytes and percent.
 */
export function UploadCard({
  patientId,
  category,
  onCategoryChange,
  onUploaded,
  headingRef,
}: UploadCardProps) {
  const upload = useUpload(onUploaded)
  const { state } = upload
  const [source, setSource] = useState<Source>('files')
  const [categoryError, setCategoryError] = useState<string | null>(null)
  const select = useRef<HTMLSelectElement>(null)
  const inputs = { camera: useRef<HTMLInputElement>(null), files: useRef<HTMLInputElement>(null) }
  const buttons = { camera: useRef<HTMLButtonElement>(null), files: useRef<HTMLButtonElement>(null) }
  const busy = state.status === 'sending' || state.status === 'saving'

  // When an upload settles and its Cancel button goes away under the keyboard focus, put focus back
  // on the button that started it (not on first render: the page's heading has it then).
  const wasBusy = useRef(false)
  useEffect(() => {
    const settled = wasBusy.current && !busy
    wasBusy.current = busy
    if (settled && (!document.activeElement || document.activeElement === document.body)) {
      buttons[source].current?.focus()
    }
  })

  const open = (from: Source): void => {
    if (busy) return
    if (!category) {
      setCategoryError('Choose what kind of document this is first.')
      select.current?.focus()
      return
    }
    setSource(from)
    inputs[from].current?.click()
  }

  const onFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.currentTarget.files?.[0]
    // Cleared so that choosing the same file again (after an error) fires another change.
    event.currentTarget.value = ''
    if (!file || !category) return
    const problem = fileProblem(file)
    if (problem) upload.refuse(file.name, problem)
    else upload.start(patientId, category, file)
  }

  return (
    <section className="card" aria-labelledby="upload-title">
      <h2 id="upload-title" className="section-title" tabIndex={-1} ref={headingRef}>
        Upload a document
      </h2>
      <p className="muted">
        A photo or a PDF of your ID, a summary of care or a letter. It is encrypted and only the clinic can
        see it. PDF, JPEG, PNG or HEIC.
      </p>
      <div className="upload">
        <CategoryField
          ref={select}
          value={category}
          error={categoryError}
          onChange={(next) => {
            setCategoryError(null)
            onCategoryChange(next)
          }}
        />
        <div className="button-row upload__buttons">
          <Button
            ref={buttons.camera}
            variant="primary"
            isPending={busy && source === 'camera'}
            isDisabled={busy && source !== 'camera'}
            onPress={() => open('camera')}
          >
            Take a photo
          </Button>
          <Button
            ref={buttons.files}
            variant="secondary"
            isPending={busy && source === 'files'}
            isDisabled={busy && source !== 'files'}
            onPress={() => open('files')}
          >
            Choose a file
          </Button>
        </div>
        {/* The real pickers, opened by the buttons above; `capture` asks phones for the camera. */}
        <input
          ref={inputs.camera}
          type="file"
          hidden
          accept={ACCEPT_PHOTO}
          capture="environment"
          onChange={onFile}
        />
        <input ref={inputs.files} type="file" hidden accept={ACCEPT_ANY} onChange={onFile} />
        {state.status === 'sending' || state.status === 'saving' ? (
          <UploadProgress state={state} onCancel={upload.cancel} />
        ) : null}
        <p className="visually-hidden" role="status">
          {progressAnnouncement(state)}
        </p>
        <Alert tone="error" title={state.status === 'failed' ? `“${state.fileName}” was not uploaded` : ''}>
          {state.status === 'failed' ? state.message : null}
        </Alert>
        <Alert tone="success">
          {state.status === 'done' ? `“${state.fileName}” is uploaded. The clinic will check it.` : null}
        </Alert>
        <Alert tone="info">
          {state.status === 'cancelled' ? `You cancelled the upload of “${state.fileName}”.` : null}
        </Alert>
      </div>
    </section>
  )
}
