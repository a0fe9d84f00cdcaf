import type { IntakeFormEntry } from '@tessera/contracts'
import { Button } from '../../components/Button.tsx'
import { actionWords, statusWords } from './intake-words.ts'

export interface IntakeFormItemProps {
  form: IntakeFormEntry
  busy: boolean
  onOpen: (form: IntakeFormEntry) => void
}

/** One form in the patient's list: its status in words (and a bar while in progress), and the next step. */
export function IntakeFormItem({ form, busy, onOpen }: IntakeFormItemProps) {
  return (
    <li className="item intake-item">
      <div className="item__main">
        <p className="item__title">{form.title}</p>
        <p className={`intake-status intake-status--${form.status}`}>{statusWords(form)}</p>
        {form.status === 'in-progress' ? (
          <progress
            className="intake-progress__bar"
            max={100}
            value={form.percent}
            aria-label={`${form.title}: ${form.percent}% answered`}
          >
            {form.percent}%
          </progress>
        ) : null}
      </div>
      <div className="item__actions">
        <Button
          variant={form.status === 'submitted' ? 'secondary' : 'primary'}
          isPending={busy}
          aria-label={`${actionWords(form)}: ${form.title}`}
          onPress={() => onOpen(form)}
        >
          {actionWords(form)}
        </Button>
      </div>
    </li>
  )
}
