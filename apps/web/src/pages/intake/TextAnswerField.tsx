import type { QuestionnaireItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes'
import { useState, type ChangeEvent } from 'react'
import { parseInput, textOf, unitOf } from './answer-input.ts'
import { FieldMessage } from './FieldMessage.tsx'
import { QuestionLabel } from './QuestionLabel.tsx'

export interface TextAnswerFieldProps {
  def: QuestionnaireItem
  domId: string
  answers: readonly QuestionnaireResponseItemAnswer[]
  error: string | undefined
  onChange: (answers: QuestionnaireResponseItemAnswer[]) => void
}

const INPUT_TYPE: Partial<Record<QuestionnaireItem['type'], string>> = {
  date: 'date',
  dateTime: 'datetime-local',
  time: 'time',
  url: 'url',
}

const INPUT_MODE: Partial<Record<QuestionnaireItem['type'], 'numeric' | 'decimal' | 'url'>> = {
  integer: 'numeric',
  decimal: 'decimal',
  quantity: 'decimal',
  url: 'url',
}

/**
 * Typed answers: text, numbers, dates, times, web addresses, quantities. What is typed stays in the
 * field; only a value that parses becomes the answer, otherwise the field says what to enter.
 */
export function TextAnswerField({ def, domId, answers, error, onChange }: TextAnswerFieldProps) {
  const [text, setText] = useState(() => textOf(def, answers[0]))
  const [problem, setProblem] = useState<string | null>(null)
  const [touched, setTouched] = useState(false)
  const errorId = `${domId}-error`
  const hintId = `${domId}-hint`
  const unit = def.type === 'quantity' ? unitOf(def) : undefined
  const hint = [
    def.maxLength ? `Up to ${def.maxLength} characters.` : '',
    unit ? `In ${unit.display ?? unit.code ?? ''}.` : '',
  ]
    .filter(Boolean)
    .join(' ')
  const shown = (touched ? problem : null) ?? error
  const describedBy = [hint ? hintId : '', shown ? errorId : ''].filter(Boolean).join(' ') || undefined

  const change = (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>): void => {
    const value = event.currentTarget.value
    setText(value)
    const parsed = parseInput(def, value)
    setProblem(parsed.ok ? null : parsed.message)
    onChange(parsed.ok && parsed.answer ? [parsed.answer] : [])
  }
  const common = {
    id: domId,
    className: def.type === 'text' ? 'field__input q-textarea' : 'field__input',
    value: text,
    readOnly: def.readOnly === true,
    'aria-invalid': shown ? true : undefined,
    'aria-describedby': describedBy,
    onChange: change,
    onBlur: () => setTouched(true),
    ...(def.maxLength ? { maxLength: def.maxLength } : {}),
  }
  return (
    <div className="q-field">
      <label className="q-label" htmlFor={domId}>
        <QuestionLabel def={def} />
      </label>
      {hint ? (
        <p className="field__description" id={hintId}>
          {hint}
        </p>
      ) : null}
      <FieldMessage id={errorId} message={shown ?? undefined} />
      {def.type === 'text' ? (
        <textarea {...common} rows={4} />
      ) : (
        <input
          {...common}
          type={INPUT_TYPE[def.type] ?? 'text'}
          autoComplete="off"
          {...(def.type === 'time' ? { step: 1 } : {})}
          {...(INPUT_MODE[def.type] ? { inputMode: INPUT_MODE[def.type] } : {})}
        />
      )}
    </div>
  )
}
