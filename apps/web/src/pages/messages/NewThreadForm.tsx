import {
  MESSAGE_MAX_ATTACHMENTS,
  MESSAGE_MAX_CHARS,
  SUBJECT_MAX_CHARS,
  type DocumentView,
  type ThreadDetail,
  type ThreadTopic,
} from '@tessera/contracts'
import { useId, useState, type FormEvent } from 'react'
import { messagesApi } from '../../api/messages.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { AttachPhoto } from './AttachPhoto.tsx'

export interface NewThreadFormProps {
  patientId: string
  onStarted: (detail: ThreadDetail) => void
  onCancel: () => void
}

/** A patient writes to the clinic: what about (care team, or appointments and admin), subject, message. */
export function NewThreadForm({ patientId, onStarted, onCancel }: NewThreadFormProps) {
  const id = useId()
  const [topic, setTopic] = useState<ThreadTopic>('clinical')
  const [subject, setSubject] = useState('')
  const [body, setBody] = useState('')
  const [files, setFiles] = useState<DocumentView[]>([])
  const [pending, setPending] = useState(false)
  const [error, setError] = useState('')

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (!subject.trim()) return setError('Add a subject.')
    if (!body.trim()) return setError('Write your message.')
    setPending(true)
    setError('')
    messagesApi
      .start({ topic, subject, body, ...(files.length ? { attachments: files.map((f) => f.id) } : {}) })
      .then(onStarted, (err: unknown) => setError(toSubmitErrors(err).message))
      .finally(() => setPending(false))
  }

  return (
    <form className="card msg-new" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        New message
      </h2>
      <fieldset className="msg-new__topic">
        <legend className="field__label">Who is it for?</legend>
        <label>
          <input
            type="radio"
            name="topic"
            checked={topic === 'clinical'}
            onChange={() => setTopic('clinical')}
          />{' '}
          My care team (a health question)
        </label>
        <label>
          <input type="radio" name="topic" checked={topic === 'admin'} onChange={() => setTopic('admin')} />{' '}
          Appointments and admin
        </label>
      </fieldset>
      <label className="field__label" htmlFor={`${id}-subject`}>
        Subject
      </label>
      <input
        id={`${id}-subject`}
        className="field__input"
        maxLength={SUBJECT_MAX_CHARS}
        value={subject}
        onChange={(e) => setSubject(e.currentTarget.value)}
      />
      <label className="field__label" htmlFor={`${id}-body`}>
        Message
      </label>
      <textarea
        id={`${id}-body`}
        className="field__input field__textarea"
        rows={6}
        maxLength={MESSAGE_MAX_CHARS}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
      />
      <p className="field__description">
        Not for emergencies: in an emergency, call your local emergency number.
      </p>
      <AttachPhoto patientId={patientId} attached={files} onChange={setFiles} max={MESSAGE_MAX_ATTACHMENTS} />
      <Alert tone="error">{error || null}</Alert>
      <div className="button-row">
        <Button type="submit" isPending={pending}>
          Send
        </Button>
        <Button variant="quiet" onPress={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  )
}
