import type { QuestionnaireItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes'
import { toAnswer, type AnswerChoice } from '@tessera/questionnaire'
import { useId } from 'react'
import { otherText, picks } from './answer-match.ts'
import { FieldMessage } from './FieldMessage.tsx'
import { OtherTextInput } from './OtherTextInput.tsx'
import { QuestionLabel } from './QuestionLabel.tsx'

export interface ChoiceGroupFieldProps {
  def: QuestionnaireItem
  domId: string
  choices: readonly AnswerChoice[]
  answers: readonly QuestionnaireResponseItemAnswer[]
  error: string | undefined
  onChange: (answers: QuestionnaireResponseItemAnswer[]) => void
}

/**
 * Radio buttons (one answer) or check boxes (a repeating item) in a fieldset with the question as its
 * legend. An open-choice item adds a free-text answer below the options.
 */
export function ChoiceGroupField({ def, domId, choices, answers, error, onChange }: ChoiceGroupFieldProps) {
  const name = useId()
  const errorId = `${domId}-error`
  const multiple = def.repeats === true
  const open = def.type === 'open-choice'
  const other = open ? otherText(answers, choices) : ''
  const chosen = answers.filter((a) => choices.some((c) => picks(a, c)))

  const toggle = (choice: AnswerChoice, on: boolean): void => {
    const others = open && other ? [{ valueString: other }] : []
    if (!multiple) return onChange([toAnswer(choice.value)])
    const kept = chosen.filter((a) => !picks(a, choice))
    onChange([...(on ? [...kept, toAnswer(choice.value)] : kept), ...others])
  }
  const setOther = (text: string): void => {
    const typed = text.trim() === '' ? [] : [{ valueString: text }]
    onChange(multiple ? [...chosen, ...typed] : typed)
  }

  return (
    <fieldset className="q-field q-choices" id={domId} aria-describedby={error ? errorId : undefined}>
      <legend className="q-label">
        <QuestionLabel def={def} />
        {multiple ? <span className="q-hint"> Choose all that apply.</span> : null}
      </legend>
      <FieldMessage id={errorId} message={error} />
      <div
        className={
          choices.length <= 2 && !multiple ? 'q-choices__list q-choices__list--inline' : 'q-choices__list'
        }
      >
        {choices.map((choice, i) => {
          const selected = chosen.some((a) => picks(a, choice))
          return (
            <label key={i} className="q-option">
              <input
                type={multiple ? 'checkbox' : 'radio'}
                name={name}
                checked={selected}
                disabled={def.readOnly === true}
                aria-invalid={error ? true : undefined}
                onChange={(event) => toggle(choice, event.currentTarget.checked)}
              />
              <span>{choice.label}</span>
            </label>
          )
        })}
      </div>
      {open ? (
        <OtherTextInput
          label={multiple ? 'Anything not listed (optional)' : 'Or say in your own words'}
          value={other}
          maxLength={def.maxLength}
          readOnly={def.readOnly === true}
          onChange={setOther}
        />
      ) : null}
    </fieldset>
  )
}
