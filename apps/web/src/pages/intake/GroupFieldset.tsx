import type { QuestionnaireItem } from '@medplum/fhirtypes'
import { fieldDomId } from './field-ids.ts'
import { FieldMessage } from './FieldMessage.tsx'
import { useIntakeForm } from './form-context.ts'
import { ItemList } from './ItemList.tsx'
import { fieldKeyOf, type ItemPath } from './response-tree.ts'

export interface GroupFieldsetProps {
  def: QuestionnaireItem
  path: ItemPath
}

/** A group inside a section: its questions in a fieldset, the group's text as the legend. */
export function GroupFieldset({ def, path }: GroupFieldsetProps) {
  const api = useIntakeForm()
  const domId = fieldDomId(fieldKeyOf(path, api.form))
  const error = api.errors.get(fieldKeyOf(path, api.form))
  return (
    <fieldset className="q-group" id={domId} aria-describedby={error ? `${domId}-error` : undefined}>
      {def.text ? <legend className="q-group__legend">{def.text}</legend> : null}
      <FieldMessage id={`${domId}-error`} message={error} />
      <div className="q-items">
        <ItemList defs={def.item ?? []} parent={path} />
      </div>
    </fieldset>
  )
}
