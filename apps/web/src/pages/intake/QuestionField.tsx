import type { QuestionnaireItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes'
import { choicesOf, controlFor } from '@tessera/questionnaire'
import { useCallback } from 'react'
import { AttachmentField } from './AttachmentField.tsx'
import { BooleanField } from './BooleanField.tsx'
import { ChoiceGroupField } from './ChoiceGroupField.tsx'
import { fieldDomId } from './field-ids.ts'
import { useIntakeForm } from './form-context.ts'
import { ItemList } from './ItemList.tsx'
import { fieldKeyOf, itemAt, type ItemPath } from './response-tree.ts'
import { SelectChoiceField } from './SelectChoiceField.tsx'
import { TextAnswerField } from './TextAnswerField.tsx'

export interface QuestionFieldProps {
  def: QuestionnaireItem
  path: ItemPath
}

/** One question, drawn with the control the form engine chooses for it (controlFor). */
export function QuestionField({ def, path }: QuestionFieldProps) {
  const api = useIntakeForm()
  const key = fieldKeyOf(path, api.form)
  const answers = itemAt(api.items, path)?.answer ?? []
  const onChange = useCallback(
    (next: QuestionnaireResponseItemAnswer[]) => api.setAnswers(path, next),
    [api, path],
  )
  const props = { def, domId: fieldDomId(key), answers, error: api.errors.get(key), onChange }
  const control = controlFor(def, api.questionnaire)
  const choices = choicesOf(def, api.questionnaire) ?? []
  let field
  switch (control) {
    case 'boolean':
      field = <BooleanField {...props} />
      break
    case 'radio':
    case 'check-box':
      field = <ChoiceGroupField {...props} choices={choices} />
      break
    case 'drop-down':
    case 'autocomplete':
      // A repeating item keeps check boxes: a native multiple select is hard to use on a phone.
      field = def.repeats ? (
        <ChoiceGroupField {...props} choices={choices} />
      ) : (
        <SelectChoiceField {...props} choices={choices} />
      )
      break
    case 'attachment':
      field = <AttachmentField {...props} />
      break
    case 'group':
    case 'repeating-group':
    case 'display':
    case 'unsupported':
      field = null
      break
    default:
      field = <TextAnswerField {...props} />
  }
  return (
    <>
      {field}
      {def.item?.length ? (
        <div className="q-nested">
          <ItemList defs={def.item} parent={path} />
        </div>
      ) : null}
    </>
  )
}
