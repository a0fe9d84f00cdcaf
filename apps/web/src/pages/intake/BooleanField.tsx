import type { QuestionnaireItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes'
import { useId } from 'react'
import { FieldMessage } from './FieldMessage.tsx'
import { QuestionLabel } from './QuestionLabel.tsx'

export interface BooleanFieldProps {
  def: QuestionnaireItem
  domId: string
  answers: readonly QuestionnaireResponseItemAnswer[]
  error: string | undefined
  onChange: (answers: QuestionnaireResponseItemAnswer[]) => void
}

/** Yes / No as two radio buttons in a fieldset: both choices visible, a large target each. */
export function BooleanField({ def, domId, answers, error, onChange }: BooleanFieldProps) {
  const name = useId()
  const errorId = `${domId}-error`
  const value = answers[0]?.valueBoolean
  return (
    <fieldset className="q-field q-choices" id={domId} aria-describedby={error ? errorId : undefined}>
      <legend className="q-label">
        <QuestionLabel def={def} />
      </legend>
      <FieldMessage id={errorId} message={error} />
      <div className="q-choices__list q-choices__list--inline">
        {[true, false].map((option) => (
          <label key={String(option)} className="q-option">
            <input
              type="radio"
              name={name}
              checked={value === option}
              disabled={def.readOnly === true}
              aria-invalid={error ? true : undefined}
              onChange={() => onChange([{ valueBoolean: option }])}
            />
            <span>{option ? 'Yes' : 'No'}</span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}
