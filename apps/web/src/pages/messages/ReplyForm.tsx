import {
  MESSAGE_MAX_ATTACHMENTS,
  MESSAGE_MAX_CHARS,
  type DocumentView,
  type ThreadDetail,
} from '@tessera/contracts'
import { useId, useState, type FormEvent } from 'react'
import { messagesApi } from '../../api/messages.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { AttachPhoto } from './AttachPhoto.tsx'

export interface ReplyFormProps {
  threadId: string
  patientId: string
  /** Staff: offer the internal-note switch. */
  staff: boolean
  /** Whether this person may put files in the patient's vault (patients and clinicians). */
  canAttach: boolean
  onSent: (detail: ThreadDetail) => void
}

export function ReplyForm({ threadId, patientId, staff, canAttach, onSent }: ReplyFormProps) {
  const id = useId()
  const [body, setBody] = useState('')
  const [internal, setInternal] = useState(false)
  const [files, setFiles] = useState<DocumentView[]>([])
  const [pending, setPending] = useState(false)
  const [error, setError] = useState('')

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (!body.trim()) return setError('Write a message first.')
    setPending(true)
    setError('')
    messagesApi
      .send(threadId, {
        body,
        ...(internal ? { internal: true } : {}),
        ...(files.length && !internal ? { attachments: files.map((f) => f.id) } : {}),
      })
      .then(
        (detail) => {
          setBody('')
          setFiles([])
          setInternal(false)
          onSent(detail)
        },
        (err: unknown) => setError(toSubmitErrors(err).message),
      )
      .finally(() => setPending(false))
  }

  return (
    <form className={`msg-reply${internal ? ' msg-reply--note' : ''}`} onSubmit={submit} noValidate>
      <label className="field__label" htmlFor={`${id}-body`}>
        {internal
          ? 'Internal note (the patient never sees it)'
          : staff
            ? 'Reply to the patient'
            : 'Your reply'}
      </label>
      <textarea
        id={`${id}-body`}
        className="field__input field__textarea msg-reply__text"
        rows={4}
        maxLength={MESSAGE_MAX_CHARS}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
      />
      {staff ? (
        <label className="msg-reply__toggle">
          <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} />{' '}
          Internal note for the team
        </label>
      ) : null}
      {canAttach && !internal ? (
        <AttachPhoto
          patientId={patientId}
          attached={files}
          onChange={setFiles}
          max={MESSAGE_MAX_ATTACHMENTS}
        />
      ) : null}
      <Alert tone="error">{error || null}</Alert>
      <div className="button-row">
        <Button type="submit" isPending={pending}>
          {internal ? 'Save note' : 'Send'}
        </Button>
      </div>
    </form>
  )
}
