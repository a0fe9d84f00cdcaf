import type { QuestionnaireItem } from '@medplum/fhirtypes'
import { useState } from 'react'
import { Button } from '../../components/Button.tsx'
import { fieldDomId } from './field-ids.ts'
import { FieldMessage } from './FieldMessage.tsx'
import { useIntakeForm } from './form-context.ts'
import { ItemList } from './ItemList.tsx'
import { countAt, fieldKeyOf, type ItemPath } from './response-tree.ts'

export interface RepeatingGroupProps {
  def: QuestionnaireItem
  parent: ItemPath
}

/**
 * A group the patient can give several times (medicines, allergies): one fieldset per entry, with
 * "Remove", and "Add another" below. One empty entry shows from the start, so there is no extra
 * step before the first answer.
 */
export function RepeatingGroup({ def, parent }: RepeatingGroupProps) {
  const api = useIntakeForm()
  const count = countAt(api.items, parent, def.linkId)
  const shown = Math.max(count, 1)
  const key = fieldKeyOf([...parent, { linkId: def.linkId, index: 0 }], api.form)
  const domId = fieldDomId(key)
  const error = api.errors.get(key)
  const name = (def.text ?? 'entry').toLowerCase()
  // After a removal the later entries move up one place: new keys, so no field keeps the text it
  // showed for the entry that was there before.
  const [generation, setGeneration] = useState(0)
  const remove = (path: ItemPath): void => {
    setGeneration((n) => n + 1)
    api.removeOccurrence(path)
  }

  const add = (): void => {
    // The first entry may still be the one shown before anything was typed: make it real too.
    if (count === 0) api.addOccurrence(parent, def)
    api.addOccurrence(parent, def)
  }

  return (
    <div className="q-repeat" id={domId}>
      <FieldMessage id={`${domId}-error`} message={error} />
      {Array.from({ length: shown }, (_, index) => {
        const path = [...parent, { linkId: def.linkId, index }]
        const legendId = `${domId}-${index}`
        return (
          <fieldset
            key={`${generation}-${index}`}
            className="q-group q-repeat__entry"
            aria-labelledby={legendId}
          >
            <legend className="q-group__legend" id={legendId}>
              {def.text} {index + 1}
              {def.required && index === 0 ? <span className="q-label__required"> (required)</span> : null}
            </legend>
            <div className="q-items">
              <ItemList defs={def.item ?? []} parent={path} />
            </div>
            {shown > 1 && index < count ? (
              <Button variant="quiet" className="q-repeat__remove" onPress={() => remove(path)}>
                Remove {name} {index + 1}
              </Button>
            ) : null}
          </fieldset>
        )
      })}
      <Button variant="secondary" onPress={add}>
        Add another {name}
      </Button>
    </div>
  )
}
