import { useId, useState, type FormEvent } from 'react'
import type { ChatLine } from '../../../call/call-state.ts'

export interface ChatPanelProps {
  lines: ChatLine[]
  canSend: boolean
  onSend: (text: string) => Promise<boolean>
}

/** End-to-end encrypted chat; messages are not kept after the call. */
export function ChatPanel({ lines, canSend, onSend }: ChatPanelProps) {
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const inputId = useId()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!text.trim()) return
    if (await onSend(text)) {
      setText('')
      setError(null)
    } else setError('The message could not be sent yet. Try again when the call is connected.')
  }

  return (
    <section className="call-chat" aria-labelledby="call-chat-title">
      <h2 id="call-chat-title" className="call-chat__title">
        Chat
      </h2>
      <ol className="call-chat__log" aria-live="polite" aria-label="Chat messages">
        {lines.map((l) => (
          <li key={l.id} className={l.mine ? 'call-chat__line call-chat__line--mine' : 'call-chat__line'}>
            <span className="call-chat__from">{l.from}:</span>{' '}
            <span className="call-chat__text">{l.text}</span>
          </li>
        ))}
      </ol>
      <form className="call-chat__form" onSubmit={(e) => void submit(e)}>
        <label htmlFor={inputId} className="call-chat__label">
          Message
        </label>
        <input
          id={inputId}
          className="call-chat__input"
          value={text}
          maxLength={2000}
          autoComplete="off"
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button button--secondary" disabled={!canSend}>
          Send
        </button>
      </form>
      {error ? (
        <p role="alert" className="call-chat__error">
          {error}
        </p>
      ) : null}
    </section>
  )
}
