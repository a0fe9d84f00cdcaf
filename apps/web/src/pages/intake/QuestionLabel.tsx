import type { QuestionnaireItem } from '@medplum/fhirtypes'

export interface QuestionLabelProps {
  def: QuestionnaireItem
}

/** The question's words (with its number, e.g. PHQ-9's "1."), and "required" said in words, not a star. */
export function QuestionLabel({ def }: QuestionLabelProps) {
  return (
    <>
      {def.prefix ? <span className="q-label__prefix">{def.prefix} </span> : null}
      {def.text ?? def.linkId}
      {def.required ? <span className="q-label__required"> (required)</span> : null}
    </>
  )
}
