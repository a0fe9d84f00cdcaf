import type { QuestionnaireItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes'
import type { DocumentView } from '@tessera/contracts'
import { useCallback, useRef, type ChangeEvent } from 'react'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { ACCEPTED_TYPES, fileProblem, sizeWords } from '../documents/document-words.ts'
import { UploadProgress } from '../documents/UploadProgress.tsx'
import { progressAnnouncement, useUpload } from '../documents/use-upload.ts'
import { attachmentCategory } from './attachment-category.ts'
import { FieldMessage } from './FieldMessage.tsx'
import { useIntakeForm } from './form-context.ts'
import { QuestionLabel } from './QuestionLabel.tsx'

export interface AttachmentFieldProps {
  def: QuestionnaireItem
  domId: string
  answers: readonly QuestionnaireResponseItemAnswer[]
  error: string | undefined
  onChange: (answers: QuestionnaireResponseItemAnswer[]) => void
}

/**
 * A file answer: the file goes to the patient's document vault first (with progress), and the
 * answer points at it. The clinic sees it with the answers and in the patient's documents.
 */
export function AttachmentField({ def, domId, answers, error, onChange }: AttachmentFieldProps) {
  const { patientId } = useIntakeForm()
  const onUploaded = useCallback(
    (document: DocumentView) =>
      onChange([
        {
          valueAttachment: {
            url: `/api/documents/${document.id}/content`,
            title: document.title,
            contentType: document.contentType,
            size: document.size,
          },
        },
      ]),
    [onChange],
  )
  const upload = useUpload(onUploaded)
  const input = useRef<HTMLInputElement>(null)
  const camera = useRef<HTMLInputElement>(null)
  const busy = upload.state.status === 'sending' || upload.state.status === 'saving'
  const current = answers[0]?.valueAttachment
  const errorId = `${domId}-error`
  const describedBy = error ? errorId : undefined

  const onFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.currentTarget.files?.[0]
    event.currentTarget.value = ''
    if (!file) return
    const problem = fileProblem(file)
    if (problem) upload.refuse(file.name, problem)
    else upload.start(patientId, attachmentCategory(def), file)
  }

  return (
    <div className="q-field" id={domId}>
      <p className="q-label" id={`${domId}-label`}>
        <QuestionLabel def={def} />
      </p>
      <p className="field__description">
        PDF, or a JPEG, PNG or HEIC photo. It is encrypted; only the clinic sees it.
      </p>
      <FieldMessage id={errorId} message={error} />
      {current ? (
        <p className="q-attachment">
          <span className="q-attachment__name">{current.title ?? 'Your file'}</span>
          {current.size ? <span className="muted"> ({sizeWords(current.size)})</span> : null}
        </p>
      ) : null}
      {def.readOnly ? null : (
        <div className="button-row q-attachment__buttons">
          <Button
            variant="secondary"
            isPending={busy}
            {...(describedBy ? { 'aria-describedby': describedBy } : {})}
            onPress={() => input.current?.click()}
          >
            {current ? 'Choose another file' : 'Choose a file'}
          </Button>
          <Button variant="secondary" isDisabled={busy} onPress={() => camera.current?.click()}>
            Take a photo
          </Button>
          {current && !busy ? (
            <Button variant="quiet" onPress={() => onChange([])}>
              Remove
            </Button>
          ) : null}
        </div>
      )}
      <input
        ref={input}
        type="file"
        hidden
        accept={ACCEPTED_TYPES.join(',')}
        aria-labelledby={`${domId}-label`}
        onChange={onFile}
      />
      <input
        ref={camera}
        type="file"
        hidden
        accept={ACCEPTED_TYPES.filter((t) => t.startsWith('image/')).join(',')}
        capture="environment"
        aria-labelledby={`${domId}-label`}
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
        title={upload.state.status === 'failed' ? `“${upload.state.fileName}” was not uploaded` : ''}
      >
        {upload.state.status === 'failed' ? upload.state.message : null}
      </Alert>
      <Alert tone="success">
        {upload.state.status === 'done'
          ? `“${upload.state.fileName}” is uploaded and attached to your answers.`
          : null}
      </Alert>
    </div>
  )
}
