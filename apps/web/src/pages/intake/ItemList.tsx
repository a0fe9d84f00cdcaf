import type { QuestionnaireItem } from '@medplum/fhirtypes'
import { useIntakeForm } from './form-context.ts'
import { GroupFieldset } from './GroupFieldset.tsx'
import { QuestionField } from './QuestionField.tsx'
import { RepeatingGroup } from './RepeatingGroup.tsx'
import type { ItemPath } from './response-tree.ts'

export interface ItemListProps {
  defs: readonly QuestionnaireItem[]
  /** The path of the enclosing occurrence ([] at the top level). */
  parent: ItemPath
}

/** The items of one level, each shown only while its enableWhen conditions hold (live). */
export function ItemList({ defs, parent }: ItemListProps) {
  const api = useIntakeForm()
  return (
    <>
      {defs.map((def) => {
        const path = [...parent, { linkId: def.linkId, index: 0 }]
        if (!api.isEnabled(def, path)) return null
        if (def.type === 'display')
          return (
            <p key={def.linkId} className="q-display">
              {def.text}
            </p>
          )
        if (def.type === 'group' && def.repeats)
          return <RepeatingGroup key={def.linkId} def={def} parent={parent} />
        if (def.type === 'group') return <GroupFieldset key={def.linkId} def={def} path={path} />
        return <QuestionField key={def.linkId} def={def} path={path} />
      })}
    </>
  )
}
