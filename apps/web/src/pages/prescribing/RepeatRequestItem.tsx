import type { RepeatRequestView } from '@tessera/contracts'
import { useState } from 'react'
import { Form } from 'react-aria-components'
import { prescribingApi } from '../../api/prescribing.ts'
import { ApiError } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Checkbox } from '../../components/Checkbox.tsx'
import { formatWhen } from '../../components/scheduling/time-words.ts'
import { TextAreaField } from '../../components/TextAreaField.tsx'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { toSubmitErrors } from '../../lib/submit-errors.ts'

export interface RepeatRequestItemProps {
  request: RepeatRequestView
  onDecided: () => void
}

/**
 * One patient request: approve (issues the repeat under the same rules, with a recent second factor)
 * or decline with a message the patient reads. A warning the rules raise on approval is shown and
 * must be acknowledged before approving again.
 */
export function RepeatRequestItem({ request: r, onDecided }: RepeatRequestItemProps) {
  const protect = useProtectedAction()
  const [mode, setMode] = useState<'idle' | 'declining'>('idle')
  const [message, setMessage] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [warnings, setWarnings] = useState<string[]>([])
  const [acknowledged, setAcknowledged] = useState(false)
  const label = r.kind === 'repeat' ? 'Repeat' : 'Review'

  const run = async (action: () => Promise<unknown>): Promise<void> => {
    setPending(true)
    setError(null)
    try {
      await action()
      onDecided()
    } catch (err) {
      // Unacknowledged warnings come back as 409 naming body/acknowledge and the rule.
      if (err instanceof ApiError && err.status === 409) {
        const rules = err.details.filter((d) => d.path === 'body/acknowledge').map((d) => d.message)
        if (rules.length) setWarnings(rules)
      }
      setError(toSubmitErrors(err).message)
    } finally {
      setPending(false)
    }
  }

  const approve = () => run(() => protect(() => prescribingApi.approve(r.id, acknowledged ? warnings : [])))
  const decline = () => run(() => prescribingApi.decline(r.id, message.trim()))

  return (
    <li className="item rx-item">
      <div className="item__main">
        <p className="item__title">
          <strong>{r.patientName}</strong>
          <span className="badge badge--info">{label}</span>
        </p>
        <p className="item__meta">
          {r.medicationName} · asked {formatWhen(r.createdAt)}
        </p>
        {warnings.length ? (
          <Checkbox isSelected={acknowledged} onChange={setAcknowledged}>
            I have read the warnings ({warnings.join(', ')}) and still want to issue it
          </Checkbox>
        ) : null}
        <Alert tone="error">{error}</Alert>
        {mode === 'declining' ? (
          <Form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault()
              void decline()
            }}
          >
            <TextAreaField
              label={`Message to ${r.patientName}`}
              description="Why, and what to do next (e.g. book a review). The patient reads this after signing in."
              value={message}
              onChange={setMessage}
              isRequired
              maxLength={1000}
              rows={3}
            />
            <div className="button-row">
              <Button type="submit" variant="danger" isPending={pending}>
                Decline request
              </Button>
              <Button variant="secondary" onPress={() => setMode('idle')} isDisabled={pending}>
                Cancel
              </Button>
            </div>
          </Form>
        ) : (
          <div className="item__actions">
            {r.kind === 'repeat' ? (
              <Button isPending={pending} onPress={() => void approve()}>
                Approve repeat
              </Button>
            ) : null}
            <Button variant="secondary" onPress={() => setMode('declining')} isDisabled={pending}>
              {r.kind === 'repeat' ? 'Decline' : 'Reply'}
            </Button>
          </div>
        )}
      </div>
    </li>
  )
}
