import type { QuestionnaireItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes'
import { toAnswer, type AnswerChoice } from '@tessera/questionnaire'
import { otherText, picks } from './answer-match.ts'
import { FieldMessage } from './FieldMessage.tsx'
import { OtherTextInput } from './OtherTextInput.tsx'
import { QuestionLabel } from './QuestionLabel.tsx'

export interface SelectChoiceFieldProps {
  def: QuestionnaireItem
  domId: string
  choices: readonly AnswerChoice[]
  answers: readonly QuestionnaireResponseItemAnswer[]
  error: string | undefined
  onChange: (answers: QuestionnaireResponseItemAnswer[]) => void
}

/**
 * Many options (or itemControl drop-down / autocomplete): a native <select>, so the phone shows its
 * own picker and a screen reader its own list. An open-choice item adds a free-text answer.
 */
export function SelectChoiceField({ def, domId, choices, answers, error, onChange }: SelectChoiceFieldProps) {
  const errorId = `${domId}-error`
  const hintId = `${domId}-hint`
  const open = def.type === 'open-choice'
  const selected = choices.findIndex((c) => answers.some((a) => picks(a, c)))
  const other = open ? otherText(answers, choices) : ''
  const describedBy = [open ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ')
  return (
    <div className="q-field">
      <label className="q-label" htmlFor={domId}>
        <QuestionLabel def={def} />
      </label>
      {open ? (
        <p className="field__description" id={hintId}>
          Choose from the list, or say it in your own words below.
        </p>
      ) : null}
      <FieldMessage id={errorId} message={error} />
      <select
        id={domId}
        className="field__input field__select"
        value={selected < 0 ? '' : String(selected)}
        disabled={def.readOnly === true}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(event) => {
          const choice = choices[Number(event.currentTarget.value)]
          onChange(event.currentTarget.value === '' || !choice ? [] : [toAnswer(choice.value)])
        }}
      >
        <option value="">Choose…</option>
        {choices.map((choice, i) => (
          <option key={i} value={String(i)}>
            {choice.label}
          </option>
        ))}
      </select>
      {open ? (
        <OtherTextInput
          label="Or in your own words"
          value={other}
          maxLength={def.maxLength}
          readOnly={def.readOnly === true}
          onChange={(text) => onChange(text.trim() === '' ? [] : [{ valueString: text }])}
        />
      ) : null}
    </div>
  )
}
